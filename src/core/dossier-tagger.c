/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-tagger"

#include "config.h"

#include <math.h>
#include <string.h>

#include "dossier-tagger.h"
#include "dossier-tagger-private.h"
#include "dossier-tagger-weights.h"
#include "dossier-normalize.h"
#include "dossier-spelling.h"

/*
 * Text is scanned once into a compact stream: normalised bytes with the
 * separators between words (spaces, hyphens, slashes, quotation marks)
 * left out, so that "Deep Seek", "Deep-Seek" and "DeepSeek" read alike,
 * and with every other non-word character (punctuation, symbols, a
 * skipped URL) turned into a BREAK byte that no match crosses; the end of
 * a sentence is a BREAK_SENTENCE. A parallel byte per position says
 * where a word starts, whether the original letter was upper case, and
 * whether its capital says nothing because the word begins a sentence.
 *
 * One automaton finds four kinds of patterns: the names of entities and
 * the keywords of topics; context words that vouch for a weak name;
 * phrases that veto a name (the CAC 40); and the terms of rules that name
 * a tag by words close together ("market regulator" near "China"). Hits
 * are kept for the story, and decided on at its end.
 */

/* Bytes of room after a scan's flags: count_words () and verify () read
 * them eight at a time. */
#define SCAN_SLACK     8

#define BREAK          0x01
#define BREAK_SENTENCE 0x02
#define IS_BREAK(b)    ((guchar) (b) <= BREAK_SENTENCE)

/* The why list names an entity that implied a topic with this mark
 * before its slug (see dossier_tag_why_entity ()). */
#define IMPLIED_MARK "\xe2\x86\x92"   /* → */

/* An entity that is about nothing else ("+investment-screening" for
 * CFIUS) files a story under the topic on its own. */
#define IMPLIES_ENOUGH (1u << 31)

static const char * const topic_feature_names[DOSSIER_TOPIC_N_FEATURES + 1] = {
  "title", "title_only", "evidence", "evidence2", "strong", "repeated", "mentions",
  "sentences", "share", "lead", "implied", "implied_enough", "context", "no_context",
  "passing", "dominated", "length", "weak", "rule", "score", NULL
};

G_STATIC_ASSERT (G_N_ELEMENTS (dossier_topic_weights) == DOSSIER_TOPIC_N_FEATURES);

/* The table's bias for @slug, if it names it; a topic added to the
 * catalogue since it was trained keeps the shared one. */
static gboolean
topic_bias_of (const char *slug,
               float      *bias)
{
  for (guint i = 0; i < G_N_ELEMENTS (dossier_topic_biases); i++)
    if (g_str_equal (dossier_topic_biases[i].slug, slug))
      {
        *bias = dossier_topic_biases[i].bias;
        return TRUE;
      }
  return FALSE;
}

enum {
  F_WORD_START = 1 << 0,   /* text and patterns: a word starts here */
  F_UPPER      = 1 << 1,   /* text and patterns: an upper-case ASCII letter */
  F_SPLIT      = 1 << 2,   /* patterns: the text may put a separator here */
  F_CAMEL      = 1 << 3,   /* patterns, while scanning: a lower-to-upper step */
  F_SENTENCE   = 1 << 4,   /* text: a word whose capital is the sentence's */
  F_STOP       = 1 << 5,   /* text: the break that ends a sentence */
};

enum {
  P_ARABIC_START = 1 << 0, /* may follow Arabic proclitics in the same word */
  P_CJK_START    = 1 << 1, /* Chinese has no word boundaries to check */
  P_CJK_END      = 1 << 2,
  P_EXACT        = 1 << 3, /* the case of its letters must match */
  P_STRONG       = 1 << 4, /* a phrase, a Chinese term or a marked word */
  P_WEAK         = 1 << 5, /* a name that needs a second sign */
  P_SUFFIX       = 1 << 6, /* an Arabic word that may take a possessive ending */
  P_CAPITALISED  = 1 << 7, /* an exact name written Like this: no evidence
                              at the start of a sentence */
  P_BARE         = 1 << 8, /* an Arabic noun in construct ("شركة صناعة
                              الرقائق"), which never takes the article:
                              "الشركة" before a word is something else */
  P_AFTER_LAM    = 1 << 9, /* a phrase of the other meaning without its
                              article: only after لل, which absorbed it */
  P_WORDS        = 1 << 10,/* more than one word: F_SPLIT somewhere inside */
  P_INFLECT      = 1 << 11,/* a keyword that may take an inflection's ending
                              (see inflection_fits ()) */
  P_STEM         = 1 << 12,/* a keyword's stem, which needs one (subsidi-) */
  P_FORM         = 1 << 13,/* generated from a keyword: a keyword written
                              so takes its place */
  P_VERB         = 1 << 14,/* a verb or participle generated from a keyword:
                              it takes a verb's endings too */
};

typedef enum {
  KIND_ALIAS,
  KIND_CONTEXT,
  KIND_VETO,
  KIND_TERM,
} PatternKind;

typedef enum {
  K_WORD,
  K_MARK,     /* inside a word, no boundary (tashkeel, tatweel, ZWNJ) */
  K_TANWEEN,  /* tanween fath, which comes with the accusative's alef */
  K_SEP,
  K_BREAK,
} CharKind;

typedef struct {
  guint   tag;
  guint   number;     /* ALIAS: global alias number; TERM: global term number */
  guint   group;      /* ALIAS: its group; VETO: the group it vetoes; TERM: its rule */
  guint   set;        /* TERM: the set of its rule */
  guint   length;
  guint   masks;      /* offset of its per-byte F_* flags in tagger->masks */
  guint   alike;      /* the same number for patterns verify () cannot
                         tell apart (one word, a term of several rules) */
  guint8  kind;
  guint16 flags;
} Pattern;

typedef struct {
  guint  tag;
  guint  index;       /* in the tag's alias list */
} AliasRef;

typedef struct {
  guint     tag;
  guint     within;
  guint     n_sets;
  gboolean  strong;
  gboolean  cancels;
  gboolean  before;
} Rule;

typedef struct {
  guint  rule;
  char  *text;
} Term;

/* A state of the automaton past its table's depth: most have one child. */
typedef struct {
  guint32 link;        /* the first shallow state on its failure links, or
                          with DEEP_MORE where it has more edges than one */
  guint32 edge;        /* a state's number << 8 | the class that leads there */
} DeepState;

/* DeepState.link is an index in deep_more: the fallback, the number of
 * further edges, the edges. */
#define DEEP_MORE (1u << 31)

struct _DossierTagger {
  DossierCatalogue *catalogue;
  guint             n_tags;
  int              *parents;        /* per tag: the parent's index or -1 */
  gboolean         *topics;         /* per tag */
  gboolean         *needs_context;  /* per topic: it has context words */
  float            *topic_bias;     /* per topic: the learned decision's bias
                                       (see dossier-tagger-weights.h) */
  guint             n_learned;      /* topics the weights table names */
  GPtrArray        *related;        /* per tag: GArray of tag indices, or NULL */
  GPtrArray        *implies;        /* per tag: GArray of topic indices, with
                                       IMPLIES_ENOUGH where the entity alone
                                       files the story, or NULL */
  GArray           *aliases;        /* AliasRef, by global alias number */
  guint             n_groups;
  GArray           *rules;          /* Rule */
  GPtrArray        *terms;          /* Term *, by global term number */
  GArray           *patterns;       /* Pattern */
  guint             n_alike;        /* numbers of Pattern.alike */
  GByteArray       *masks;          /* per pattern byte: F_UPPER, F_SPLIT */
  GByteArray       *pattern_bytes;  /* the bytes themselves, same offsets */
  guint8            classes[256];
  guint             n_classes;
  guint             row_shift;      /* a state's row is 1 << row_shift entries */
  guint             n_states;
  /* The states are numbered in four runs: shallow with nothing to report,
   * shallow reporting, deep reporting, deep with nothing to report. The
   * shallow ones (n_dense) have a row of the table; a deep one has its
   * few edges and the shallow state it falls back to (see
   * build_automaton ()). */
  guint             first_reporting;/* the first state the table's loop stops at */
  guint             n_dense;
  guint             first_quiet_deep;
  guint16          *delta16;        /* n_dense rows, under 65536 states */
  guint32          *delta;          /* the same, otherwise */
  DeepState        *deep;           /* n_states - n_dense */
  guint32          *deep_more;      /* see DEEP_MORE */
  guint32           n_deep_more;
  guint32          *out_start;      /* n_states + 1 */
  guint32          *outputs;
};

/* The flags are written a byte at a time, most of the tagger's work:
 * into a buffer of our own rather than through a GByteArray call. */
typedef struct {
  GString *bytes;
  guint8  *flags;
  gsize    n_flags;
  gsize    flags_size;
  GArray  *stops;     /* gsize: where each BREAK_SENTENCE stands */
} Scan;

typedef struct {
  guint  tag;
  gsize  start;
  gsize  end;
} Cancel;

/* A name or keyword found, or a rule that held. */
typedef struct {
  guint    tag;
  guint    why;             /* a global alias number, or aliases->len + an
                               index in result->whys */
  guint    group;           /* G_MAXUINT for a rule */
  gsize    start;
  gsize    end;
  gboolean in_title;
  gboolean weak;
  gboolean strong;
} Hit;

typedef struct {
  guint    rule;
  guint    set;
  guint    term;
  guint    word;            /* words since the start of the text */
  guint    last_word;       /* the same for its last word */
  guint    sentence;
  gsize    start;
  gsize    end;
  gboolean in_title;
} TermHit;

typedef struct {
  guint    stamp;
  guint    title_count;
  guint    body_count;
  guint    weak_title;
  guint    weak_body;
  guint    evidence;        /* body keywords: 1 a word, 2 a strong one,
                               counted once a keyword group */
  guint    strong;          /* of those, the strong ones */
  guint    implied;         /* 1 when an entity of the topic is named, 2
                               when one that is about nothing else is */
  guint    weak_groups;     /* weak names of different groups */
  guint    sentences;       /* body sentences that carry a topic's words */
  guint    last_sentence;   /* the last of them, plus one */
  gboolean lead;            /* the body's first sentence carries them */
  guint    score;           /* a topic's, see topic_word_score () */
  gboolean accepted;
  gboolean rule_accepted;   /* what the hand-set threshold said */
  gssize   last_end;        /* end of the last counted hit, to skip overlaps */
  GArray  *aliases;         /* whys of the hits that count */
  GArray  *weak_aliases;    /* whys of weak hits, counted if accepted */
  GArray  *implied_by;      /* entity tags that were evidence */
} TagState;

struct _DossierTagResult {
  DossierTagger *tagger;
  Scan           scan;
  guint          stamp;
  TagState      *tags;
  guint         *group_stamps;
  guint         *strong_stamps; /* groups already counted as strong */
  guint         *weak_group_stamps;
  guint         *veto_stamps;   /* groups a story vetoed */
  guint         *context_stamps;/* per tag: a context word was seen */
  guint         *alias_stamps;
  GArray        *hits;          /* Hit */
  GArray        *term_hits;     /* TermHit */
  guint          hits_room;     /* elements each holds without growing */
  guint          term_hits_room;
  GArray        *sorted_term_hits;
  guint         *rule_starts;   /* per rule + 1: where its term hits go */
  GArray        *cancelled;     /* Cancel: keywords a rule says mean
                                   something else where they stand */
  GArray        *whys;          /* guint: where the text of each rule that
                                   held starts in why_texts */
  GString       *why_texts;     /* those texts, each ending in a NUL: one
                                   buffer kept between calls, not a string
                                   allocated each time a rule holds */
  GArray        *touched;       /* tag indices */
  GString       *joined;        /* join_whys ()'s, kept between calls */
  GArray        *matches;       /* DossierTagMatch */
  guint         *verified_stamps;/* per Pattern.alike: verify_stamp when
                                   verified at the current stop */
  guint8        *verified;      /* and what verify () said */
  guint          verify_stamp;  /* one for each stop of the automaton */
  gsize          body_start;    /* where the body starts in the scan */
  guint          body_sentences;/* the body's sentences, about */
  guint          strongest;     /* the strongest topic's score */
  gboolean       any_entity;    /* an entity was accepted */
};

/* ---- Scanning ----------------------------------------------------------- */

typedef struct {
  guint8 kind;
  guint8 length;
  char   bytes[6];
} ArabicChar;

static ArabicChar arabic_table[256];

static void
init_arabic_table (void)
{
  for (gunichar ch = 0x0600; ch <= 0x06FF; ch++)
    {
      ArabicChar *entry = &arabic_table[ch - 0x0600];
      char utf8[8];
      int n = g_unichar_to_utf8 (ch, utf8);
      g_autofree char *folded = dossier_normalize (utf8, n);

      switch (g_unichar_type (ch))
        {
        case G_UNICODE_LOWERCASE_LETTER: case G_UNICODE_MODIFIER_LETTER:
        case G_UNICODE_OTHER_LETTER: case G_UNICODE_DECIMAL_NUMBER:
        case G_UNICODE_OTHER_NUMBER:
          entry->kind = K_WORD;
          break;
        case G_UNICODE_NON_SPACING_MARK: case G_UNICODE_SPACING_MARK:
        case G_UNICODE_ENCLOSING_MARK: case G_UNICODE_FORMAT:
          entry->kind = K_MARK;
          break;
        case G_UNICODE_SPACE_SEPARATOR:
          entry->kind = K_SEP;
          break;
        default:
          entry->kind = K_BREAK;
          break;
        }
      if (ch == 0x064B)
        entry->kind = K_TANWEEN;
      if (strlen (folded) <= sizeof entry->bytes)
        {
          entry->length = strlen (folded);
          memcpy (entry->bytes, folded, entry->length);
        }
      else
        entry->kind = K_BREAK;
    }
}

static CharKind
unicode_kind (gunichar ch)
{
  switch (g_unichar_type (ch))
    {
    case G_UNICODE_UPPERCASE_LETTER: case G_UNICODE_LOWERCASE_LETTER:
    case G_UNICODE_TITLECASE_LETTER: case G_UNICODE_MODIFIER_LETTER:
    case G_UNICODE_OTHER_LETTER: case G_UNICODE_DECIMAL_NUMBER:
    case G_UNICODE_LETTER_NUMBER: case G_UNICODE_OTHER_NUMBER:
      return K_WORD;
    case G_UNICODE_NON_SPACING_MARK: case G_UNICODE_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK: case G_UNICODE_FORMAT:
      return K_MARK;
    /* Quotation marks open and close inside a name as often as around
     * it (شركة «أبل», the “Claude” models): they separate words, as a
     * space does. */
    case G_UNICODE_SPACE_SEPARATOR: case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR: case G_UNICODE_DASH_PUNCTUATION:
    case G_UNICODE_INITIAL_PUNCTUATION: case G_UNICODE_FINAL_PUNCTUATION:
      return K_SEP;
    default:
      return K_BREAK;
    }
}

static inline gboolean
is_url_start (const char *p,
              const char *end)
{
  gsize left = end - p;

  /* Called at every word that starts with h or w: "which", "have" are
   * turned down at their second letter. */
  if (left < 5 || ((p[1] | 0x20) != 't' && (p[1] | 0x20) != 'w'))
    return FALSE;
  return (left > 7 && g_ascii_strncasecmp (p, "http://", 7) == 0) ||
         (left > 8 && g_ascii_strncasecmp (p, "https://", 8) == 0) ||
         (left > 4 && g_ascii_strncasecmp (p, "www.", 4) == 0);
}

/* Room for @more bytes and their flags past what the scan holds, so that
 * the loop over a text's bytes writes them without a check on each: a
 * byte of text becomes at most three (an Arabic letter folded into
 * two, a break), and the rare character that unfolds into more reserves
 * again after it. */
static void
scan_reserve (Scan  *scan,
              gsize  more)
{
  gsize len = scan->bytes->len;

  if (len + more + 1 > scan->bytes->allocated_len)
    {
      g_string_set_size (scan->bytes, len + more + 1);
      g_string_truncate (scan->bytes, len);
    }
  if (scan->n_flags + more > scan->flags_size)
    {
      scan->flags_size = MAX (scan->flags_size * 2, scan->n_flags + more);
      scan->flags = g_realloc (scan->flags, scan->flags_size);
    }
}

/* Most of an Arabic story goes through here two bytes at a time; the
 * room was reserved (scan_reserve ()). */
static inline void
push_bytes (GString    *bytes,
            const char *data,
            gsize       length)
{
  char *end = bytes->str + bytes->len;

  for (gsize i = 0; i < length; i++)
    end[i] = data[i];
  bytes->len += length;
}

static inline void
push_byte (Scan  *scan,
           char   byte,
           guint8 flag)
{
  scan->bytes->str[scan->bytes->len++] = byte;
  scan->flags[scan->n_flags++] = flag;
}

static inline char
lower_ascii (char c)
{
  return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static inline void
push_flag (Scan   *scan,
           guint8  flag)
{
  scan->flags[scan->n_flags++] = flag;
}

/* A break ends the word; a sentence's end wins over a plain break. */
static inline void
emit_break (Scan     *scan,
            gboolean *word_start,
            guchar    kind)
{
  gsize len = scan->bytes->len;

  if (len > 0 && IS_BREAK (scan->bytes->str[len - 1]))
    {
      if (kind == BREAK_SENTENCE && !(scan->flags[len - 1] & F_STOP))
        {
          gsize at = len - 1;

          scan->bytes->str[at] = BREAK_SENTENCE;
          scan->flags[at] |= F_STOP;
          g_array_append_val (scan->stops, at);
        }
    }
  else if (len > 0)
    {
      push_byte (scan, kind, kind == BREAK_SENTENCE ? F_WORD_START | F_STOP : F_WORD_START);
      if (kind == BREAK_SENTENCE)
        g_array_append_val (scan->stops, len);
    }
  *word_start = TRUE;
}

/* Appends the flags for bytes the last step added to scan->bytes. */
static inline void
flag_new_bytes (Scan     *scan,
                gboolean *word_start,
                guint8    first_flags)
{
  gsize added = scan->bytes->len - scan->n_flags;

  if (added == 0)
    return;
  if (*word_start)
    first_flags |= F_WORD_START;
  *word_start = FALSE;
  push_flag (scan, first_flags);
  for (gsize i = 1; i < added; i++)
    push_flag (scan, 0);
}

/* An indefinite noun in the accusative ends in an alef that carries
 * tanween (حرباً، حربًا تجارية): the alef is the ending, not the word's,
 * and "حرب تجارية" should find it. Called at a tanween fath, with @p just
 * past it: drops the alef already pushed before it, or skips the alef
 * right after it, at the end of a word. Without the mark an alef could be
 * the word's own (أمريكا). Returns where to go on reading. */
static const char *
drop_accusative_alef (Scan       *scan,
                      const char *p,
                      const char *end)
{
  static const char alef[] = "\xd8\xa7";
  GString *bytes = scan->bytes;
  const char *after = p;

  if (after + 2 <= end && memcmp (after, alef, 2) == 0)
    after += 2;
  /* Only at the end of a word: no Arabic letter follows. */
  if (after + 1 < end && ((guchar) *after & 0xFC) == 0xD8 && ((guchar) after[1] & 0xC0) == 0x80)
    {
      gunichar next = (((guchar) *after & 0x1F) << 6) | ((guchar) after[1] & 0x3F);

      if (arabic_table[next - 0x0600].kind == K_WORD)
        return p;
    }
  if (bytes->len < 4 || scan->n_flags != bytes->len || IS_BREAK (bytes->str[bytes->len - 1]))
    return p;
  if (after > p)
    return after;   /* the tanween came first */
  if (memcmp (bytes->str + bytes->len - 2, alef, 2) == 0 &&
      !(scan->flags[scan->n_flags - 2] & F_WORD_START))
    {
      g_string_truncate (bytes, bytes->len - 2);
      scan->n_flags -= 2;
    }
  return p;
}

/* Does this full stop end a sentence? Not in "U.S. Commerce" or "Corp.
 * said": after a lone letter, or before a lower-case word. */
static gboolean
ends_sentence (const char *p,
               const char *start,
               const char *end)
{
  const char *next = p + 1;

  while (next < end && (*next == ' ' || *next == '\t'))
    next++;
  if (next < end && (g_ascii_islower (*next) || g_ascii_isdigit (*next)))
    return FALSE;
  if (p - start >= 2 && g_ascii_isalpha (p[-1]) && (p[-2] == '.' || p[-2] == ' '))
    return FALSE;
  if (p - start == 1 && g_ascii_isalpha (p[-1]))
    return FALSE;
  return TRUE;
}

/* The index of the first byte of @bits whose top bit is clear, of a
 * word where one is. */
static inline guint
first_clear_byte (guint64 bits,
                  guint64 high)
{
#if defined(__GNUC__)
  return __builtin_ctzll (~bits & high) / 8;
#else
  guint n = 0;

  while (bits & (G_GUINT64_CONSTANT (0x80) << (8 * n)))
    n++;
  return n;
#endif
}

/* The rest of a word in lower-case ASCII letters and digits, the bulk
 * of English: no flag but the zero, nothing to decide. Returns where the
 * run stops. */
static inline const char *
scan_ascii_run (Scan       *scan,
                const char *p,
                const char *end,
                gboolean   *prev_lower)
{
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  const guint64 high = ones << 7;
  char *out = scan->bytes->str + scan->bytes->len;
  guint8 *flags = scan->flags + scan->n_flags;
  const char *start = p;

  /* Eight bytes at a time while they last: a byte b under 0x80 is k or
   * more where (b | 0x80) - k keeps its top bit, and no byte borrows from
   * the next. The room was reserved, so the eight are written whole. */
  while (end - p >= 8)
    {
      guint64 x, t, ok;

      memcpy (&x, p, sizeof x);
      x = GUINT64_FROM_LE (x);
      t = x | high;
      ok = ((t - ones * 'a') & ~(t - ones * ('z' + 1))) | ((t - ones * '0') & ~(t - ones * ('9' + 1)));
      ok &= high & ~x;
      memcpy (out, p, sizeof x);
      memset (flags, 0, sizeof x);
      if (ok != high)
        {
          /* The bytes before the first that is no lower-case letter or
           * digit: its top bit is the lowest one clear in ok. */
          guint n = first_clear_byte (ok, high);

          p += n;
          out += n;
          flags += n;
          goto done;
        }
      p += 8;
      out += 8;
      flags += 8;
    }
  while (p < end && (g_ascii_table[(guchar) *p] & (G_ASCII_LOWER | G_ASCII_DIGIT)))
    {
      *out++ = *p++;
      *flags++ = 0;
    }
done:
  if (p > start)
    {
      scan->bytes->len += p - start;
      scan->n_flags += p - start;
      *prev_lower = g_ascii_islower (p[-1]);
    }
  return p;
}

/* The rest of an Arabic word: letters and marks, folded by the table,
 * none of them starting anything. The folded bytes are copied six at a
 * time, whatever their length, into the room scan_reserve () left. */
static inline const char *
scan_arabic_run (Scan       *scan,
                 const char *p,
                 const char *end)
{
  static const guint8 zeros[8] = { 0 };
  char *out = scan->bytes->str + scan->bytes->len;
  guint8 *flags = scan->flags + scan->n_flags;
  char *start = out;

  while (p + 1 < end && ((guchar) p[0] & 0xFC) == 0xD8 && ((guchar) p[1] & 0xC0) == 0x80)
    {
      const ArabicChar *entry = &arabic_table[(((guchar) p[0] & 0x03) << 6) | ((guchar) p[1] & 0x3F)];

      if (entry->kind != K_WORD && entry->kind != K_MARK)
        break;
      memcpy (out, entry->bytes, sizeof entry->bytes);
      memcpy (flags, zeros, sizeof zeros);
      out += entry->length;
      flags += entry->length;
      p += 2;
    }
  scan->bytes->len += out - start;
  scan->n_flags += out - start;
  return p;
}

static void
scan_text (Scan       *scan,
           const char *text,
           gboolean    skip_urls,
           gboolean    title_case)
{
  const char *p = text;
  const char *end = text + strlen (text);
  gboolean word_start = TRUE;
  gboolean sentence_start = TRUE;
  gboolean prev_lower = FALSE;

  scan_reserve (scan, 3 * (end - text) + 16);

  while (p < end)
    {
      guchar c = *p;

      if (word_start && skip_urls && (c == 'h' || c == 'H' || c == 'w' || c == 'W') &&
          is_url_start (p, end))
        {
          /* A name inside a link is not a mention. */
          while (p < end && !g_ascii_isspace (*p) && *p != '"' && *p != '<' && *p != '>')
            p++;
          emit_break (scan, &word_start, BREAK);
          prev_lower = FALSE;
          continue;
        }

      if (c < 0x80)
        {
          if (g_ascii_isalnum (c))
            {
              guint8 flag = 0;

              if (g_ascii_isupper (c))
                {
                  flag = F_UPPER;
                  if (prev_lower)
                    flag |= F_CAMEL;
                }
              if (word_start)
                {
                  flag |= F_WORD_START;
                  /* In a Title-Case headline every capital is the
                   * headline's, as at the start of a sentence. */
                  if (sentence_start || title_case)
                    flag |= F_SENTENCE;
                }
              word_start = FALSE;
              sentence_start = FALSE;
              prev_lower = g_ascii_islower (c);
              push_byte (scan, lower_ascii (c), flag);
              p = scan_ascii_run (scan, p + 1, end, &prev_lower);
              continue;
            }
          else if (c == '.' && !word_start && p + 1 < end && g_ascii_isalnum (p[1]) &&
                   scan->bytes->len > 0 &&
                   g_ascii_isalnum (scan->bytes->str[scan->bytes->len - 1]))
            {
              /* Inside a name such as Z.ai or a number such as 2.0. */
              push_byte (scan, '.', 0);
              prev_lower = FALSE;
            }
          else if (c == '\n' || c == '!' || c == '?' || c == ';' ||
                   (c == '.' && ends_sentence (p, text, end)))
            {
              emit_break (scan, &word_start, BREAK_SENTENCE);
              sentence_start = TRUE;
              prev_lower = FALSE;
            }
          else if (g_ascii_isspace (c) || c == '-' || c == '_' || c == '/' || c == '"' || c == '\'')
            {
              word_start = TRUE;
              prev_lower = FALSE;
            }
          else
            {
              emit_break (scan, &word_start, BREAK);
              if (c == ':')
                sentence_start = TRUE;
              prev_lower = FALSE;
            }
          p++;
          continue;
        }

      prev_lower = FALSE;

      /* Arabic letters are most of what is not ASCII: a table does them. */
      if ((c == 0xD8 || c == 0xD9 || c == 0xDA || c == 0xDB) && p + 1 < end &&
          ((guchar) p[1] & 0xC0) == 0x80)
        {
          gunichar ch = ((c & 0x1F) << 6) | ((guchar) p[1] & 0x3F);
          const ArabicChar *entry = &arabic_table[ch - 0x0600];

          p += 2;
          switch (entry->kind)
            {
            case K_WORD:
            case K_MARK:
              push_bytes (scan->bytes, entry->bytes, entry->length);
              if (entry->kind == K_WORD || entry->length > 0)
                flag_new_bytes (scan, &word_start, 0);
              sentence_start = FALSE;
              if (!word_start)
                p = scan_arabic_run (scan, p, end);
              break;
            case K_TANWEEN:
              p = drop_accusative_alef (scan, p, end);
              break;
            case K_SEP:
              word_start = TRUE;
              break;
            default:
              /* ؟ and ۔ end a sentence; the Arabic comma does not. */
              emit_break (scan, &word_start, ch == 0x061F || ch == 0x06D4 ? BREAK_SENTENCE : BREAK);
              break;
            }
          continue;
        }

      {
        gunichar ch = g_utf8_get_char_validated (p, end - p);
        const char *next;

        if (ch == (gunichar) -1 || ch == (gunichar) -2)
          {
            emit_break (scan, &word_start, BREAK);
            p++;
            continue;
          }
        next = g_utf8_next_char (p);
        switch (unicode_kind (ch))
          {
          case K_WORD:
            {
              gsize before = scan->bytes->len;

              dossier_normalize_append (scan->bytes, p, next - p);
              scan_reserve (scan, 3 * (end - next) + (scan->bytes->len - scan->n_flags) + 16);
              if (scan->bytes->len > before)
                flag_new_bytes (scan, &word_start,
                                word_start && (sentence_start || title_case) ? F_SENTENCE : 0);
              sentence_start = FALSE;
            }
            break;
          case K_MARK:
            {
              gsize before = scan->bytes->len;

              dossier_normalize_append (scan->bytes, p, next - p);
              scan_reserve (scan, 3 * (end - next) + (scan->bytes->len - scan->n_flags) + 16);
              if (scan->bytes->len > before)
                flag_new_bytes (scan, &word_start, 0);
            }
            break;
          case K_SEP:
            word_start = TRUE;
            break;
          default:
            /* 。 and the ellipsis end a sentence too. */
            emit_break (scan, &word_start, ch == 0x3002 || ch == 0x2026 ? BREAK_SENTENCE : BREAK);
            break;
          }
        p = next;
      }
    }
  scan->bytes->str[scan->bytes->len] = '\0';
}

/* Is @title written In Title Case, where capitals say nothing of names?
 * Most of its longer Latin words start with a capital. */
static gboolean
is_title_case (const char *title)
{
  guint words = 0, capitals = 0;
  const char *p = title;

  while (*p != '\0')
    {
      const char *start;

      while (*p != '\0' && !g_ascii_isalpha (*p))
        p++;
      start = p;
      while (g_ascii_isalpha (*p) || *p == '\'')
        p++;
      if (p - start > 3)
        {
          words++;
          if (g_ascii_isupper (*start))
            capitals++;
        }
      /* Skip the rest of a word of other letters. */
      while (*p != '\0' && (guchar) *p >= 0x80)
        p++;
    }
  return words >= 3 && capitals * 4 >= words * 3;
}

static void
scan_init (Scan *scan)
{
  scan->bytes = g_string_sized_new (4096);
  scan->flags_size = 4096;
  scan->flags = g_malloc (scan->flags_size);
  scan->n_flags = 0;
  scan->stops = g_array_new (FALSE, FALSE, sizeof (gsize));
}

static void
scan_clear (Scan *scan)
{
  g_string_free (scan->bytes, TRUE);
  g_free (scan->flags);
  g_array_unref (scan->stops);
}

static void
scan_reset (Scan *scan)
{
  g_string_truncate (scan->bytes, 0);
  scan->n_flags = 0;
  g_array_set_size (scan->stops, 0);
}

/* ---- Building ----------------------------------------------------------- */

static inline gboolean
is_cjk_lead (guchar c)
{
  /* U+3400..U+9FFF and the supplementary ideographs start with these. */
  return (c >= 0xE3 && c <= 0xE9) || c == 0xF0;
}

static inline gboolean
is_arabic_lead (guchar c)
{
  return c >= 0xD8 && c <= 0xDB;
}

/* The first byte of the last character of @bytes. */
static guchar
last_char_lead (const char *bytes,
                gsize       length)
{
  const char *p = bytes + length - 1;

  while (p > bytes && ((guchar) *p & 0xC0) == 0x80)
    p--;
  return *p;
}

/* Written Like this: its only capital is the first letter (Apple, Meta,
 * Kimi; not CAC, xAI, or Team Green, whose second capital is evidence
 * wherever it stands). */
static gboolean
is_capitalised (const char *text)
{
  gboolean lower = FALSE;

  if (!g_ascii_isupper (text[0]))
    return FALSE;
  for (const char *p = text + 1; *p != '\0'; p++)
    {
      if (g_ascii_isupper (*p))
        return FALSE;
      lower |= g_ascii_islower (*p);
    }
  return lower;
}

typedef struct {
  PatternKind kind;
  guint       tag;
  guint       number;
  guint       group;
  guint       set;
  guint16     flags;      /* P_EXACT, P_STRONG, P_WEAK, P_SUFFIX, P_CAPITALISED,
                             P_BARE */
} PatternSpec;

/* A pattern's identity as a string g_str_hash () can take: each number
 * seven bits at a time with the top bit set, closed by 0x01, then the
 * bytes (no NUL in any of it, and read from the front it parses one way
 * only). A printf here was a sixth of building the tagger. */
static char *
pattern_key (const guint32  numbers[5],
             const char    *bytes,
             gsize          length)
{
  char *key = g_malloc (5 * 6 + length + 1);
  char *p = key;

  for (guint n = 0; n < 5; n++)
    {
      guint32 value = numbers[n];

      do
        {
          *p++ = (char) (0x80 | (value & 0x7f));
          value >>= 7;
        }
      while (value != 0);
      *p++ = '\x01';
    }
  memcpy (p, bytes, length);
  p[length] = '\0';
  return key;
}

static void
add_pattern (DossierTagger     *tagger,
             GHashTable        *seen,
             const PatternSpec *spec,
             const char        *bytes,
             const guint8      *flags,
             gsize              length)
{
  Pattern pattern = { spec->tag, spec->number, spec->group, spec->set, length,
                      tagger->masks->len, 0, spec->kind, spec->flags };
  g_autofree char *key = NULL;
  gpointer known;

  if (length == 0)
    return;

  /* Spellings that normalise alike (إنفيديا, انفيديا, ان فيديا) are one
   * pattern, split where any of them is. */
  {
    const guint32 numbers[5] = { (guint32) spec->kind, spec->tag,
                                 spec->kind == KIND_ALIAS ? 0 : spec->group, spec->set,
                                 spec->flags & (P_EXACT | P_WEAK | P_AFTER_LAM) };

    key = pattern_key (numbers, bytes, length);
  }
  if (g_hash_table_lookup_extended (seen, key, NULL, &known))
    {
      Pattern *first = &g_array_index (tagger->patterns, Pattern, GPOINTER_TO_UINT (known));

      /* A keyword that is also another's generated verb takes endings,
       * and is named by its own spelling (تحظر, not حظر). */
      first->flags |= spec->flags & (P_INFLECT | P_VERB);
      if ((first->flags & P_FORM) && !(spec->flags & P_FORM))
        {
          first->number = spec->number;
          first->group = spec->group;
          first->flags &= ~P_FORM;
        }
      for (gsize i = 1; i < length; i++)
        if (flags[i] & (F_WORD_START | F_CAMEL))
          {
            tagger->masks->data[first->masks + i] |= F_SPLIT;
            first->flags |= P_WORDS;
          }
      return;
    }
  g_hash_table_insert (seen, g_steal_pointer (&key), GUINT_TO_POINTER (tagger->patterns->len));

  if (is_arabic_lead (bytes[0]))
    pattern.flags |= P_ARABIC_START;
  if (is_cjk_lead (bytes[0]))
    pattern.flags |= P_CJK_START;
  if (is_cjk_lead (last_char_lead (bytes, length)))
    pattern.flags |= P_CJK_END;
  if (pattern.flags & P_CJK_START)
    pattern.flags |= P_STRONG;
  if (!is_arabic_lead (last_char_lead (bytes, length)))
    pattern.flags &= ~P_SUFFIX;

  for (gsize i = 0; i < length; i++)
    {
      guint8 mask = flags[i] & F_UPPER;

      /* The text may split the alias where the alias itself is split, or
       * at a camel-case step (DeepSeek: "Deep Seek"). */
      if (i > 0 && (flags[i] & (F_WORD_START | F_CAMEL)))
        mask |= F_SPLIT;
      g_byte_array_append (tagger->masks, &mask, 1);
      if (mask & F_SPLIT)
        pattern.flags |= P_WORDS;
    }
  g_byte_array_append (tagger->pattern_bytes, (const guint8 *) bytes, length);
  g_array_append_val (tagger->patterns, pattern);
}

/* ---- Word forms -------------------------------------------------------- */

/* A keyword is written once, in one form; the press inflects it. Two
 * ways cover the forms: endings are checked where a keyword is found
 * inside a longer word (verify () and inflection_fits ()), which costs
 * the automaton nothing; and forms that change the word's inside or its
 * start (a verbal noun's verb and participle, a broken plural's singular)
 * are generated here, as patterns of their own, from the normalised
 * letters of the keyword. Only topics' keywords and rules' terms get
 * either: names are left as written. */

enum {
  AR_HAMZA = 0x0621,
  AR_ALEF  = 0x0627,
  AR_TEH   = 0x062A,
  AR_DAL   = 0x062F,
  AR_SEEN  = 0x0633,
  AR_TAH   = 0x0637,
  AR_LAM   = 0x0644,
  AR_MEEM  = 0x0645,
  AR_NOON  = 0x0646,
  AR_HEH   = 0x0647,   /* and the taa marbuta, folded */
  AR_WAW   = 0x0648,
  AR_YEH   = 0x064A,
};

/* The longest word a form is derived from, in letters. */
#define FORM_MAX 12

/* A keyword's last word of this many letters or more (its article not
 * counted) takes inflectional endings as well as pronouns: shorter ones
 * are too often another word with an ending (رسوم, fees, + ات is رسومات,
 * drawings). Chosen on the first eight sets: see the README. */
#define INFLECT_MIN_LETTERS 5

static inline gboolean
is_weak_letter (gunichar c)
{
  return c == AR_ALEF || c == AR_WAW || c == AR_YEH || c == AR_HAMZA;
}

/* The Arabic letters of @bytes[0, @length), two bytes each; FALSE if
 * anything else is there or there are too many. */
static gboolean
decode_arabic (const char *bytes,
               gsize       length,
               gunichar   *letters,
               guint      *n_letters)
{
  const guchar *b = (const guchar *) bytes;

  if (length == 0 || length % 2 != 0 || length / 2 > FORM_MAX)
    return FALSE;
  for (gsize i = 0; i < length; i += 2)
    {
      gunichar c;

      if ((b[i] != 0xD8 && b[i] != 0xD9) || (b[i + 1] & 0xC0) != 0x80)
        return FALSE;
      c = ((b[i] & 0x1F) << 6) | (b[i + 1] & 0x3F);
      if (c < AR_HAMZA || c > AR_YEH)
        return FALSE;
      letters[i / 2] = c;
    }
  *n_letters = length / 2;
  return TRUE;
}

/* Where the word that starts at @start ends. */
static gsize
word_end (const guint8 *flags,
          gsize         start,
          gsize         length)
{
  gsize end = start + 1;

  while (end < length && !(flags[end] & F_WORD_START))
    end++;
  return end;
}

/* Where the last word of a pattern @length bytes long starts. */
static gsize
last_word_start (const guint8 *flags,
                 gsize         length)
{
  gsize start = length - 1;

  while (start > 0 && !(flags[start] & F_WORD_START))
    start--;
  return start;
}

typedef struct {
  gunichar letters[FORM_MAX + 2];
  guint    n;
  gboolean verb;
} Form;

static void
form_add (GArray         *forms,
          const gunichar *prefix,
          guint           n_prefix,
          const gunichar *stem,
          guint           n_stem)
{
  Form form = { { 0 }, n_prefix + n_stem, TRUE };

  if (form.n > G_N_ELEMENTS (form.letters))
    return;
  if (n_prefix > 0)
    memcpy (form.letters, prefix, n_prefix * sizeof (gunichar));
  memcpy (form.letters + n_prefix, stem, n_stem * sizeof (gunichar));
  g_array_append_val (forms, form);
}

/* The past, the present (he, she) and the participle of a verb whose
 * past is ا + @stem or @stem alone (forms VII, VIII, X; four-letter
 * roots). */
static void
add_verb_forms (GArray         *forms,
                gboolean        alef,
                const gunichar *stem,
                guint           n_stem)
{
  static const gunichar alef_p[] = { AR_ALEF }, yeh_p[] = { AR_YEH }, teh_p[] = { AR_TEH },
                        meem_p[] = { AR_MEEM };

  form_add (forms, alef_p, alef ? 1 : 0, stem, n_stem);
  form_add (forms, yeh_p, 1, stem, n_stem);
  form_add (forms, teh_p, 1, stem, n_stem);
  form_add (forms, meem_p, 1, stem, n_stem);
}

/* The verb and participle forms, and a broken plural's singular or the
 * other way round, of one word by its pattern. Only patterns whose shape
 * says what they are: a verbal noun of forms VIII (اختراق: اخترق, يخترق,
 * مخترق), VII (انقطاع) and X (استثمار), of a four-letter root
 * (هيمنة: هيمن, يهيمن, مهيمن), and of form I (سرقة, حظر: يسرق, مسروق);
 * فعالنة and فعلان (قراصنة, قرصان). Not form II or IV: their verbal
 * nouns' verbs are other words as often as not (تصدير: يصدر, issues;
 * مصدر, a source). Roots with a weak letter are left: their forms move
 * the letter. */
static void
arabic_word_forms (const gunichar *w,
                   guint           n,
                   GArray         *forms)
{
  gunichar stem[FORM_MAX];

  if (n == 6 && w[0] == AR_ALEF && (w[2] == AR_TEH || w[2] == AR_TAH || w[2] == AR_DAL) &&
      w[4] == AR_ALEF && !is_weak_letter (w[1]) && !is_weak_letter (w[3]) && !is_weak_letter (w[5]))
    {
      /* افتعال: اختراق -> خترق */
      stem[0] = w[1], stem[1] = w[2], stem[2] = w[3], stem[3] = w[5];
      add_verb_forms (forms, TRUE, stem, 4);
    }
  else if (n == 6 && w[0] == AR_ALEF && w[1] == AR_NOON && w[4] == AR_ALEF &&
           !is_weak_letter (w[2]) && !is_weak_letter (w[3]) && !is_weak_letter (w[5]))
    {
      /* انفعال: انقطاع -> نقطع */
      stem[0] = w[1], stem[1] = w[2], stem[2] = w[3], stem[3] = w[5];
      add_verb_forms (forms, TRUE, stem, 4);
    }
  else if (n == 7 && w[0] == AR_ALEF && w[1] == AR_SEEN && w[2] == AR_TEH && w[5] == AR_ALEF &&
           !is_weak_letter (w[3]) && !is_weak_letter (w[4]) && !is_weak_letter (w[6]))
    {
      /* استفعال: استثمار -> ستثمر; a doubled root, استغلال -> ستغل */
      stem[0] = w[1], stem[1] = w[2], stem[2] = w[3], stem[3] = w[4], stem[4] = w[6];
      add_verb_forms (forms, TRUE, stem, w[4] == w[6] ? 4 : 5);
    }
  else if (n == 5 && w[4] == AR_HEH && w[0] != AR_MEEM && w[0] != AR_TEH && w[0] != AR_ALEF &&
           !is_weak_letter (w[0]) && !is_weak_letter (w[2]) && !is_weak_letter (w[3]))
    {
      /* فعللة, فيعلة, فوعلة: قرصنة -> قرصن, هيمنة -> هيمن */
      add_verb_forms (forms, FALSE, w, 4);
    }
  else if ((n == 4 && w[3] == AR_HEH) || n == 3)
    {
      static const gunichar yeh_p[] = { AR_YEH }, teh_p[] = { AR_TEH };

      if (is_weak_letter (w[0]) || is_weak_letter (w[1]) || is_weak_letter (w[2]) ||
          w[1] == w[2])
        return;
      /* فعلة, فعل: سرقة -> يسرق, مسروق; حظر -> يحظر, محظور. The bare
       * past of a فعلة is left out (ثغرة, a loophole: ثغر is a port); its
       * feminine, سرقت, is the noun's own stem before a pronoun. */
      form_add (forms, yeh_p, 1, w, 3);
      form_add (forms, teh_p, 1, w, 3);
      stem[0] = AR_MEEM, stem[1] = w[0], stem[2] = w[1], stem[3] = AR_WAW, stem[4] = w[2];
      form_add (forms, NULL, 0, stem, 5);
      if (n == 3)
        form_add (forms, NULL, 0, w, 3);
    }

  if (n == 6 && w[2] == AR_ALEF && w[4] == AR_NOON && w[5] == AR_HEH &&
      !is_weak_letter (w[0]) && !is_weak_letter (w[1]) && !is_weak_letter (w[3]))
    {
      /* فعالنة -> فعلان: قراصنة -> قرصان */
      stem[0] = w[0], stem[1] = w[1], stem[2] = w[3], stem[3] = AR_ALEF, stem[4] = AR_NOON;
      form_add (forms, NULL, 0, stem, 5);
      g_array_index (forms, Form, forms->len - 1).verb = FALSE;
    }
  else if (n == 5 && w[3] == AR_ALEF && w[4] == AR_NOON &&
           !is_weak_letter (w[0]) && !is_weak_letter (w[1]) && !is_weak_letter (w[2]))
    {
      /* فعلان -> فعالنة */
      stem[0] = w[0], stem[1] = w[1], stem[2] = AR_ALEF, stem[3] = w[2], stem[4] = AR_NOON,
      stem[5] = AR_HEH;
      form_add (forms, NULL, 0, stem, 6);
      g_array_index (forms, Form, forms->len - 1).verb = FALSE;
    }
}

/* Adds @form in place of the bytes [@from, @to) of a pattern. */
static void
add_form_pattern (DossierTagger     *tagger,
                  GHashTable        *seen,
                  const PatternSpec *spec,
                  const char        *bytes,
                  const guint8      *flags,
                  gsize              length,
                  gsize              from,
                  gsize              to,
                  const Form        *form)
{
  g_autoptr(GByteArray) new_bytes = g_byte_array_sized_new (length + 2 * form->n);
  g_autoptr(GByteArray) new_flags = g_byte_array_sized_new (length + 2 * form->n);
  PatternSpec generated = *spec;

  generated.flags |= P_FORM | (form->verb ? P_VERB : 0);

  g_byte_array_append (new_bytes, (const guint8 *) bytes, from);
  g_byte_array_append (new_flags, flags, from);
  for (guint i = 0; i < form->n; i++)
    {
      guint8 pair[2] = { 0xC0 | (form->letters[i] >> 6), 0x80 | (form->letters[i] & 0x3F) };
      guint8 pair_flags[2] = { i == 0 ? flags[from] : 0, 0 };

      g_byte_array_append (new_bytes, pair, 2);
      g_byte_array_append (new_flags, pair_flags, 2);
    }
  g_byte_array_append (new_bytes, (const guint8 *) bytes + to, length - to);
  g_byte_array_append (new_flags, flags + to, length - to);
  add_pattern (tagger, seen, &generated, (const char *) new_bytes->data, new_flags->data, new_bytes->len);
}

/* The Arabic forms of a keyword, written without its article: a word's
 * verb and participle (اخترق, يخترق, مخترق from اختراق), and its last
 * word's stem before a pronoun (هيمنة: هيمنتها). */
static void
add_arabic_forms (DossierTagger     *tagger,
                  GHashTable        *seen,
                  const PatternSpec *spec,
                  const char        *bytes,
                  const guint8      *flags,
                  gsize              length)
{
  PatternSpec inflected = *spec;
  gunichar letters[FORM_MAX];
  guint n;
  gsize first_end = word_end (flags, 0, length);
  gsize last_start = last_word_start (flags, length);
  g_autoptr(GArray) forms = g_array_new (FALSE, FALSE, sizeof (Form));

  /* A phrase's forms (يهيمن على السوق) would be as many phrases again:
   * 11,000 automaton states, past the 65,536 of the 16-bit table, for
   * no story of the first eight sets. One word's cost 1,100. */
  inflected.flags |= P_INFLECT;
  if (first_end == length && decode_arabic (bytes, first_end, letters, &n))
    {
      arabic_word_forms (letters, n, forms);
      for (guint f = 0; f < forms->len; f++)
        add_form_pattern (tagger, seen, &inflected, bytes, flags, length, 0, first_end,
                          &g_array_index (forms, Form, f));
    }

  /* The taa marbuta is a ت before a pronoun or as a verb's ending:
   * سرقة -> سرقتها, سرقت. Not after the article, which takes no pronoun. */
  if (decode_arabic (bytes + last_start, length - last_start, letters, &n) && n >= 4 &&
      letters[n - 1] == AR_HEH && !(letters[0] == AR_ALEF && letters[1] == AR_LAM))
    {
      Form form = { { 0 }, n, FALSE };

      memcpy (form.letters, letters, n * sizeof (gunichar));
      form.letters[n - 1] = AR_TEH;
      add_form_pattern (tagger, seen, spec, bytes, flags, length, last_start, length, &form);
    }
}

/* The letters of the last word of a pattern: Arabic ones without the
 * article; 0 if it is not all letters of one script. */
static guint
last_word_letters (const char   *bytes,
                   const guint8 *flags,
                   gsize         length,
                   gboolean     *arabic)
{
  gsize start = last_word_start (flags, length);
  gunichar letters[FORM_MAX];
  guint n;

  *arabic = is_arabic_lead (bytes[start]);
  if (*arabic)
    {
      if (!decode_arabic (bytes + start, length - start, letters, &n))
        return 0;
      if (n > 2 && letters[0] == AR_ALEF && letters[1] == AR_LAM)
        n -= 2;
      return n;
    }
  for (gsize i = start; i < length; i++)
    if (!g_ascii_islower (bytes[i]))
      return 0;
  return length - start;
}

/* English: a keyword's last word that ends in y after a consonant has
 * its plural in -ies (subsidy: subsidies); the stem is a pattern that
 * needs the ending. */
static void
add_english_stem (DossierTagger     *tagger,
                  GHashTable        *seen,
                  const PatternSpec *spec,
                  const char        *bytes,
                  const guint8      *flags,
                  gsize              length)
{
  PatternSpec stem = *spec;
  g_autofree char *copy = NULL;
  char last = bytes[length - 1];

  if (length < 4 || last != 'y' || strchr ("aeiou", bytes[length - 2]) != NULL)
    return;
  stem.flags |= P_STEM | P_FORM;
  copy = g_strndup (bytes, length);
  copy[length - 1] = 'i';
  add_pattern (tagger, seen, &stem, copy, flags, length);
}

/* Scans @text as a pattern and adds it. */
static void
add_text_pattern (DossierTagger     *tagger,
                  GHashTable        *seen,
                  Scan              *scan,
                  const PatternSpec *spec,
                  const char        *text)
{
  static const char article[] = "\xd8\xa7\xd9\x84";  /* ال */
  PatternSpec own = *spec;
  const char *bytes;
  const guint8 *flags;
  gsize length;
  gboolean forms;

  scan_reset (scan);
  scan_text (scan, text, FALSE, FALSE);
  bytes = scan->bytes->str;
  flags = scan->flags;
  length = scan->bytes->len;

  /* Punctuation at either end of an alias ("Apple Inc.") is not needed. */
  while (length > 0 && IS_BREAK (bytes[0]))
    bytes++, flags++, length--;
  while (length > 0 && IS_BREAK (bytes[length - 1]))
    length--;
  if (length == 0)
    return;

  /* A topic's keyword or a rule's term takes its inflections; a name is
   * written as it is. English rules' terms are left as written too: they
   * list the verbs' forms they mean, and a headline's "shifts" is no
   * "shift" of production. */
  if ((spec->flags & P_SUFFIX) && !(spec->flags & P_EXACT))
    {
      gboolean arabic;
      guint letters = last_word_letters (bytes, flags, length, &arabic);

      if (arabic ? letters >= INFLECT_MIN_LETTERS : letters >= 3 && spec->kind == KIND_ALIAS)
        own.flags |= P_INFLECT;
      if (!arabic && letters >= 3 && spec->kind == KIND_ALIAS)
        add_english_stem (tagger, seen, spec, bytes, flags, length);
    }
  add_pattern (tagger, seen, &own, bytes, flags, length);

  /* An Arabic alias with its article also matches after ل, which absorbs
   * the article's alef: الصين -> للصين (and, for a keyword, the word
   * without its article). A phrase that vetoes a name keeps its article
   * but there: without it, الإبل (camels) would be إبل, which folds into
   * أبل (Apple), and veto every mention of the name. */
  forms = (spec->flags & P_SUFFIX) && is_arabic_lead (bytes[0]);
  if (length > 6 && memcmp (bytes, article, 4) == 0)
    {
      PatternSpec bare = own;

      if (spec->kind == KIND_VETO)
        bare.flags |= P_AFTER_LAM;
      add_pattern (tagger, seen, &bare, bytes + 4, flags + 4, length - 4);
      if (forms)
        add_arabic_forms (tagger, seen, spec, bytes + 4, flags + 4, length - 4);
    }
  else if (forms)
    add_arabic_forms (tagger, seen, spec, bytes, flags, length);
}

/* @text as the tagger reads it: folded, lower case, breaks at neither end. */
static char *
normalised (Scan       *scan,
            const char *text)
{
  const char *bytes;
  gsize length;

  scan_reset (scan);
  scan_text (scan, text, FALSE, FALSE);
  bytes = scan->bytes->str;
  length = scan->bytes->len;
  while (length > 0 && IS_BREAK (bytes[0]))
    bytes++, length--;
  while (length > 0 && IS_BREAK (bytes[length - 1]))
    length--;
  return g_strndup (bytes, length);
}

static gboolean
is_name_kind (const DossierTagDef *tag)
{
  return g_strcmp0 (tag->kind, "company") == 0 || g_strcmp0 (tag->kind, "person") == 0 ||
         g_strcmp0 (tag->kind, "product") == 0;
}

static void
add_alias_patterns (DossierTagger *tagger,
                    GHashTable    *seen,
                    Scan          *scan,
                    guint          tag_index,
                    guint          alias_number,
                    DossierTagDef *tag,
                    DossierAlias  *alias)
{
  gboolean topic = dossier_tag_def_is_topic (tag);
  PatternSpec spec = { KIND_ALIAS, tag_index, alias_number, alias->group, 0, 0 };

  if (alias->exact_case)
    spec.flags |= P_EXACT;
  if (alias->exact_case && is_capitalised (alias->text))
    spec.flags |= P_CAPITALISED;
  if (alias->strong)
    spec.flags |= P_STRONG;
  if (alias->weak && !topic)
    spec.flags |= P_WEAK;
  if (topic)
    spec.flags |= P_SUFFIX;
  add_text_pattern (tagger, seen, scan, &spec, alias->text);

  /* The other ways the press spells it; an exact alias's case is its
   * point, so it has none. */
  if (!alias->exact_case)
    {
      g_auto(GStrv) variants = dossier_spelling_variants (alias->text,
                                                          is_name_kind (tag) ? DOSSIER_SPELLING_NAME
                                                                             : DOSSIER_SPELLING_PHRASE);

      for (guint v = 0; variants[v] != NULL; v++)
        add_text_pattern (tagger, seen, scan, &spec, variants[v]);
    }

  for (guint e = 0; alias->excludes != NULL && alias->excludes[e] != NULL; e++)
    {
      PatternSpec veto = { KIND_VETO, tag_index, 0, alias->group, 0, 0 };
      g_autofree char *name = NULL;
      g_autofree char *other = NULL;

      /* A phrase of the other meaning that folds into the name itself
       * (إبل, the camel, is أبل once the hamza is folded) would cancel
       * every mention of it: the name's own weakness has to do there. */
      name = normalised (scan, alias->text);
      other = normalised (scan, alias->excludes[e]);
      if (g_str_equal (name, other))
        continue;
      add_text_pattern (tagger, seen, scan, &veto, alias->excludes[e]);
    }
}

static void
add_rule_patterns (DossierTagger   *tagger,
                   GHashTable      *seen,
                   Scan            *scan,
                   guint            tag_index,
                   DossierNearRule *near)
{
  Rule rule = { tag_index, near->within, near->sets->len, near->strong,
                near->cancels, near->before };
  guint rule_number = tagger->rules->len;

  g_array_append_val (tagger->rules, rule);
  for (guint s = 0; s < near->sets->len; s++)
    {
      GStrv set = g_ptr_array_index (near->sets, s);

      for (guint t = 0; set[t] != NULL; t++)
        {
          Term *term = g_new0 (Term, 1);
          PatternSpec spec = { KIND_TERM, tag_index, tagger->terms->len, rule_number, s, P_SUFFIX };

          /* What names the other meaning is a noun in construct, or
           * written with its article. */
          if (near->cancels && s > 0)
            spec.flags |= P_BARE;

          term->rule = rule_number;
          term->text = g_strdup (set[t]);
          g_ptr_array_add (tagger->terms, term);
          add_text_pattern (tagger, seen, scan, &spec, set[t]);
        }
    }
}

static void
free_term (gpointer data)
{
  Term *term = data;

  g_free (term->text);
  g_free (term);
}

static void
free_array (gpointer array)
{
  if (array != NULL)
    g_array_unref (array);
}

/* A common word is a term of many rules, a keyword and a context word,
 * each its own pattern: found once, it needs verifying once. Patterns
 * with the same bytes, masks and verify ()'s flags get one number. */
static void
number_alike_patterns (DossierTagger *tagger)
{
  g_autoptr(GHashTable) alike = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                                       (GDestroyNotify) g_bytes_unref, NULL);
  const guint16 verified_flags = P_CJK_START | P_CJK_END | P_EXACT | P_SUFFIX | P_CAPITALISED |
                                 P_BARE | P_AFTER_LAM | P_INFLECT | P_STEM | P_VERB;
  g_autoptr(GByteArray) key = g_byte_array_new ();

  tagger->n_alike = 0;
  for (guint p = 0; p < tagger->patterns->len; p++)
    {
      Pattern *pattern = &g_array_index (tagger->patterns, Pattern, p);
      guint16 flags = pattern->flags & verified_flags;
      g_autoptr(GBytes) bytes = NULL;
      gpointer known;

      g_byte_array_set_size (key, 0);
      g_byte_array_append (key, (const guint8 *) &flags, sizeof flags);
      g_byte_array_append (key, tagger->pattern_bytes->data + pattern->masks, pattern->length);
      g_byte_array_append (key, tagger->masks->data + pattern->masks, pattern->length);
      bytes = g_bytes_new (key->data, key->len);
      if (g_hash_table_lookup_extended (alike, bytes, NULL, &known))
        pattern->alike = GPOINTER_TO_UINT (known);
      else
        {
          pattern->alike = tagger->n_alike++;
          g_hash_table_insert (alike, g_steal_pointer (&bytes), GUINT_TO_POINTER (pattern->alike));
        }
    }
}

/* The shallow states, where a story's bytes spend most of their time
 * (words and the first letters of names), get a row of the table: one
 * load a byte. The deep ones, the long tail of names and phrases (four
 * in five states, most with a single child), keep only their children
 * and their failure link. Over real news, at this depth four bytes in
 * five are read in the table. */
#define DENSE_DEPTH 8

/* The trie's child of @state by @class, or 0. */
static inline guint32
trie_child (const guint32 *first_child,
            const guint32 *next_sibling,
            const guint8  *label,
            const guint32 *root_children,
            guint32        state,
            guint8         class)
{
  if (state == 0)
    return root_children[class];
  for (guint32 t = first_child[state]; t != 0; t = next_sibling[t])
    if (label[t] == class)
      return t;
  return 0;
}

static void
build_automaton_to (DossierTagger *tagger,
                    guint          dense_depth)
{
  const guint8 *all = tagger->pattern_bytes->data;
  guint n_patterns = tagger->patterns->len;
  /* At most one state a pattern byte, and the root. */
  gsize most = tagger->pattern_bytes->len + 1;
  guint n_classes = 1;
  guint32 n_states = 1;
  g_autofree guint32 *first_child = g_new (guint32, most);
  g_autofree guint32 *next_sibling = g_new (guint32, most);
  g_autofree guint8 *label = g_new (guint8, most);
  g_autofree guint8 *depth = g_new (guint8, most);  /* up to 255, enough to tell shallow */
  g_autofree guint32 *own_first = g_new (guint32, most);
  g_autofree guint32 *own_last = g_new (guint32, most);
  g_autofree guint32 *own_next = g_new (guint32, n_patterns);
  g_autofree guint32 *fail = NULL;
  g_autofree guint32 *queue = NULL;
  g_autofree guint32 *number = NULL;
  g_autofree guint32 *order = NULL;
  g_autofree guint32 *out_first = NULL;
  g_autofree guint32 *out_count = NULL;
  guint32 root_children[256] = { 0 };
  g_autoptr(GArray) outputs = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint32 head = 0, tail = 0, n_dense = 0;
  guint32 runs[4] = { 0 };

  /* Only bytes that occur in some pattern get a class; every other byte
   * (BREAK among them unless an alias holds punctuation) goes to class 0,
   * which leads back to the root. */
  memset (tagger->classes, 0, sizeof tagger->classes);
  for (guint i = 0; i < tagger->pattern_bytes->len; i++)
    if (tagger->classes[all[i]] == 0)
      tagger->classes[all[i]] = n_classes++;
  tagger->n_classes = n_classes;
  /* Rows of a power of two: the loop that runs the automaton finds a row
   * with a shift, where a multiplication would stand between every byte
   * and the next load. */
  tagger->row_shift = g_bit_storage (n_classes - 1);

  /* The trie, each state's children in a list (the root's by class), and
   * the patterns that end at each state in the order they were added. */
  first_child[0] = 0;
  depth[0] = 0;
  own_first[0] = G_MAXUINT32;
  for (guint p = 0; p < n_patterns; p++)
    {
      const Pattern *pattern = &g_array_index (tagger->patterns, Pattern, p);
      guint32 state = 0;

      for (guint i = 0; i < pattern->length; i++)
        {
          guint8 class = tagger->classes[all[pattern->masks + i]];
          guint32 child = trie_child (first_child, next_sibling, label, root_children, state, class);

          if (child == 0)
            {
              child = n_states++;
              label[child] = class;
              depth[child] = MIN (depth[state] + 1, G_MAXUINT8);
              first_child[child] = 0;
              own_first[child] = G_MAXUINT32;
              if (state == 0)
                root_children[class] = child;
              next_sibling[child] = first_child[state];
              first_child[state] = child;
            }
          state = child;
        }
      own_next[p] = G_MAXUINT32;
      if (own_first[state] == G_MAXUINT32)
        own_first[state] = p;
      else
        own_next[own_last[state]] = p;
      own_last[state] = p;
    }

  /* Failure links breadth first, and each state's outputs: its own
   * patterns, then its failure state's. */
  fail = g_new (guint32, n_states);
  queue = g_new (guint32, n_states);
  out_first = g_new (guint32, n_states);
  out_count = g_new (guint32, n_states);
  fail[0] = 0;
  queue[tail++] = 0;
  while (head < tail)
    {
      guint32 state = queue[head++];
      /* The root has no outputs, and is its own failure state. */
      guint32 inherited_first = state == 0 ? 0 : out_first[fail[state]];
      guint32 inherited_count = state == 0 ? 0 : out_count[fail[state]];

      out_first[state] = outputs->len;
      for (guint32 p = own_first[state]; p != G_MAXUINT32; p = own_next[p])
        g_array_append_val (outputs, p);
      for (guint32 i = 0; i < inherited_count; i++)
        {
          /* A copy: appending may move the array the value lives in. */
          guint32 output = g_array_index (outputs, guint32, inherited_first + i);

          g_array_append_val (outputs, output);
        }
      out_count[state] = outputs->len - out_first[state];

      for (guint32 child = first_child[state]; child != 0; child = next_sibling[child])
        {
          guint32 to = 0;

          /* The longest proper suffix that is in the trie: the failure
           * state's child by the same class, or its failure state's. */
          if (state != 0)
            for (guint32 back = fail[state]; ; back = fail[back])
              {
                to = trie_child (first_child, next_sibling, label, root_children, back, label[child]);
                if (to != 0 || back == 0)
                  break;
              }
          fail[child] = to;
          queue[tail++] = child;
        }
    }
  g_assert (tail == n_states);

  /* Renumber the states breadth first (the queue's order) within four
   * runs: the shallow states with nothing to report, the shallow that
   * report, the deep that report, the deep with nothing to report. The
   * shallow states, where almost every byte of a story leads, then share
   * the cache instead of lying wherever their pattern was added, and the
   * loop that runs the automaton tells by a state's number alone whether
   * it stays in the table. */
  number = g_new (guint32, n_states);
  order = g_new (guint32, n_states);
  for (guint32 run = 0, next = 0; run < 4; run++)
    {
      runs[run] = next;
      for (guint32 k = 0; k < n_states; k++)
        {
          guint32 state = queue[k];
          gboolean shallow = depth[state] <= dense_depth;
          gboolean reporting = out_count[state] > 0;

          if ((shallow ? (reporting ? 1u : 0u) : (reporting ? 2u : 3u)) != run)
            continue;
          order[next++] = state;
          n_dense += shallow;
        }
    }
  for (guint32 k = 0; k < n_states; k++)
    number[order[k]] = k;
  tagger->n_states = n_states;
  tagger->n_dense = n_dense;
  tagger->first_reporting = runs[1];
  tagger->first_quiet_deep = runs[3];
  g_assert (order[0] == 0);

  /* Lay the outputs out by state so that a lookup is two loads. */
  {
    g_autoptr(GArray) ordered = g_array_sized_new (FALSE, FALSE, sizeof (guint32), outputs->len);

    tagger->out_start = g_new (guint32, n_states + 1);
    for (guint32 s = 0; s < n_states; s++)
      {
        guint32 old = order[s];

        tagger->out_start[s] = ordered->len;
        g_array_append_vals (ordered, &g_array_index (outputs, guint32, out_first[old]), out_count[old]);
      }
    tagger->out_start[n_states] = ordered->len;
    tagger->outputs = (guint32 *) g_array_free (g_steal_pointer (&ordered), FALSE);
  }

  /* A shallow state's row is its failure state's (shallower, so built
   * before it in breadth-first order) with its own children written over.
   * Under 65536 states (the shipped catalogue has some 55,000) the table
   * takes 16-bit entries: half the memory, and twice the states per cache
   * line. The columns past n_classes are never read. */
  {
    gsize row = (gsize) 1 << tagger->row_shift;

    if (n_states <= G_MAXUINT16 + 1)
      tagger->delta16 = g_new (guint16, n_dense * row);
    else
      tagger->delta = g_new (guint32, n_dense * row);
    for (guint32 k = 0; k < n_states; k++)
      {
        guint32 state = queue[k];
        gsize at = (gsize) number[state] * row;
        gsize from = (gsize) number[fail[state]] * row;

        if (depth[state] > dense_depth)
          continue;
        if (tagger->delta16 != NULL)
          {
            if (state == 0)
              memset (tagger->delta16, 0, row * sizeof (guint16));
            else
              memcpy (tagger->delta16 + at, tagger->delta16 + from, row * sizeof (guint16));
            for (guint32 child = first_child[state]; child != 0; child = next_sibling[child])
              tagger->delta16[at + label[child]] = number[child];
          }
        else
          {
            if (state == 0)
              memset (tagger->delta, 0, row * sizeof (guint32));
            else
              memcpy (tagger->delta + at, tagger->delta + from, row * sizeof (guint32));
            for (guint32 child = first_child[state]; child != 0; child = next_sibling[child])
              tagger->delta[at + label[child]] = number[child];
          }
      }
  }

  /* A deep state goes where the first shallow state on its chain of
   * failure links (its fallback) goes, but for its children and those
   * of the deep states on that chain: those are its edges, so that a
   * step from it is a look at its few edges, then a row of the table.
   * Breadth first, a deep state's failure state has its edges already. */
  {
    guint32 n_deep = n_states - n_dense;
    g_autofree guint32 *fallback = g_new (guint32, n_states);
    g_autofree guint32 *edges_first = g_new (guint32, n_states);
    g_autofree guint32 *edges_count = g_new (guint32, n_states);
    g_autoptr(GArray) edges = g_array_new (FALSE, FALSE, sizeof (guint32));
    g_autoptr(GArray) more = g_array_new (FALSE, FALSE, sizeof (guint32));

    /* A state's number and a class share an entry. */
    g_assert (n_states < (1u << 24));
    for (guint32 k = 0; k < n_states; k++)
      {
        guint32 state = queue[k];
        guint32 back = fail[state];

        if (depth[state] <= dense_depth)
          continue;
        edges_first[state] = edges->len;
        for (guint32 child = first_child[state]; child != 0; child = next_sibling[child])
          {
            guint32 edge = child << 8 | label[child];

            g_array_append_val (edges, edge);
          }
        if (depth[back] <= dense_depth)
          fallback[state] = back;
        else
          {
            fallback[state] = fallback[back];
            for (guint32 e = 0; e < edges_count[back]; e++)
              {
                guint32 edge = g_array_index (edges, guint32, edges_first[back] + e);
                guint32 own;

                for (own = edges_first[state]; own < edges->len; own++)
                  if ((g_array_index (edges, guint32, own) & 0xFF) == (edge & 0xFF))
                    break;
                if (own == edges->len)
                  g_array_append_val (edges, edge);
              }
          }
        edges_count[state] = edges->len - edges_first[state];
      }

    /* One edge in the state itself, the most a deep state has; none is
     * an edge to the root by class 0, where every state goes by a byte
     * that no pattern holds. */
    tagger->deep = g_new (DeepState, MAX (n_deep, 1));
    for (guint32 d = 0; d < n_deep; d++)
      {
        guint32 state = order[n_dense + d];
        guint32 count = edges_count[state];
        const guint32 *mine = &g_array_index (edges, guint32, edges_first[state]);

        tagger->deep[d].link = number[fallback[state]];
        tagger->deep[d].edge = count > 0 ? number[mine[0] >> 8] << 8 | (mine[0] & 0xFF) : 0;
        if (count > 1)
          {
            tagger->deep[d].link = more->len | DEEP_MORE;
            g_array_append_val (more, number[fallback[state]]);
            count--;
            g_array_append_val (more, count);
            for (guint32 e = 1; e <= count; e++)
              {
                guint32 edge = number[mine[e] >> 8] << 8 | (mine[e] & 0xFF);

                g_array_append_val (more, edge);
              }
          }
      }
    tagger->n_deep_more = more->len;
    tagger->deep_more = (guint32 *) g_array_free (g_steal_pointer (&more), FALSE);
  }
}

static void
build_automaton (DossierTagger *tagger)
{
  build_automaton_to (tagger, DENSE_DEPTH);
}

void
dossier_tagger_set_dense_depth (DossierTagger *tagger,
                                guint          dense_depth)
{
  g_clear_pointer (&tagger->delta16, g_free);
  g_clear_pointer (&tagger->delta, g_free);
  g_clear_pointer (&tagger->deep, g_free);
  g_clear_pointer (&tagger->deep_more, g_free);
  g_clear_pointer (&tagger->out_start, g_free);
  g_clear_pointer (&tagger->outputs, g_free);
  build_automaton_to (tagger, dense_depth);
}

/* Per tag: what may vouch for its weak names (its related entities, its
 * parent, its children) and the topics it is evidence for. */
static void
link_tags (DossierTagger *tagger)
{
  DossierCatalogue *catalogue = tagger->catalogue;

  tagger->related = g_ptr_array_new_full (tagger->n_tags, free_array);
  tagger->implies = g_ptr_array_new_full (tagger->n_tags, free_array);
  for (guint t = 0; t < tagger->n_tags; t++)
    {
      g_ptr_array_add (tagger->related, g_array_new (FALSE, FALSE, sizeof (guint)));
      g_ptr_array_add (tagger->implies, NULL);
    }

  for (guint t = 0; t < tagger->n_tags; t++)
    {
      DossierTagDef *tag = dossier_catalogue_get_tag (catalogue, t);
      GArray *mine = g_ptr_array_index (tagger->related, t);

      if (tagger->parents[t] >= 0)
        {
          guint parent = tagger->parents[t];

          g_array_append_val (mine, parent);
          g_array_append_val ((GArray *) g_ptr_array_index (tagger->related, parent), t);
        }
      for (guint r = 0; tag->related != NULL && tag->related[r] != NULL; r++)
        {
          int other = dossier_catalogue_find (catalogue, tag->related[r]);

          if (other >= 0)
            g_array_append_val (mine, other);
        }
      for (guint i = 0; tag->implies != NULL && tag->implies[i] != NULL; i++)
        {
          gboolean enough = tag->implies[i][0] == '+';
          int topic = dossier_catalogue_find (catalogue, tag->implies[i] + enough);
          guint index;

          if (topic < 0 || !tagger->topics[topic])
            continue;
          index = topic | (enough ? IMPLIES_ENOUGH : 0);
          if (g_ptr_array_index (tagger->implies, t) == NULL)
            g_ptr_array_index (tagger->implies, t) = g_array_new (FALSE, FALSE, sizeof (guint));
          g_array_append_val ((GArray *) g_ptr_array_index (tagger->implies, t), index);
        }
    }
}

DossierTagger *
dossier_tagger_new (DossierCatalogue *catalogue)
{
  static gsize table_ready = 0;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  DossierTagger *tagger;
  Scan scan;

  if (g_once_init_enter (&table_ready))
    {
      init_arabic_table ();
      g_once_init_leave (&table_ready, 1);
    }

  tagger = g_new0 (DossierTagger, 1);
  tagger->catalogue = dossier_catalogue_ref (catalogue);
  tagger->n_tags = dossier_catalogue_get_n_tags (catalogue);
  tagger->parents = g_new (int, tagger->n_tags);
  tagger->topics = g_new (gboolean, tagger->n_tags);
  tagger->needs_context = g_new (gboolean, tagger->n_tags);
  tagger->topic_bias = g_new (float, tagger->n_tags);
  tagger->aliases = g_array_new (FALSE, FALSE, sizeof (AliasRef));
  tagger->rules = g_array_new (FALSE, FALSE, sizeof (Rule));
  tagger->terms = g_ptr_array_new_with_free_func (free_term);
  tagger->patterns = g_array_new (FALSE, FALSE, sizeof (Pattern));
  tagger->masks = g_byte_array_new ();
  tagger->pattern_bytes = g_byte_array_new ();

  scan_init (&scan);
  for (guint t = 0; t < tagger->n_tags; t++)
    {
      DossierTagDef *tag = dossier_catalogue_get_tag (catalogue, t);

      tagger->parents[t] = tag->parent != NULL ? dossier_catalogue_find (catalogue, tag->parent) : -1;
      tagger->topics[t] = dossier_tag_def_is_topic (tag);
      tagger->needs_context[t] = tagger->topics[t] && tag->context != NULL && tag->context[0] != NULL;
      tagger->topic_bias[t] = dossier_topic_shared_bias;
      if (tagger->topics[t] && topic_bias_of (tag->slug, &tagger->topic_bias[t]))
        tagger->n_learned++;
      for (guint a = 0; a < tag->aliases->len; a++)
        {
          DossierAlias *alias = g_ptr_array_index (tag->aliases, a);
          AliasRef ref = { t, a };

          tagger->n_groups = MAX (tagger->n_groups, alias->group + 1);
          add_alias_patterns (tagger, seen, &scan, t, tagger->aliases->len, tag, alias);
          g_array_append_val (tagger->aliases, ref);
        }
      for (guint c = 0; tag->context != NULL && tag->context[c] != NULL; c++)
        {
          PatternSpec spec = { KIND_CONTEXT, t, 0, 0, 0, 0 };

          add_text_pattern (tagger, seen, &scan, &spec, tag->context[c]);
        }
      for (guint r = 0; r < tag->near->len; r++)
        add_rule_patterns (tagger, seen, &scan, t, g_ptr_array_index (tag->near, r));

    }
  scan_clear (&scan);
  number_alike_patterns (tagger);
  /* Room after the last pattern's masks, for verify ()'s reads eight
   * bytes at a time. */
  {
    static const guint8 zeros[8] = { 0 };

    g_byte_array_append (tagger->masks, zeros, sizeof zeros);
  }

  link_tags (tagger);
  build_automaton (tagger);
  return tagger;
}

void
dossier_tagger_free (DossierTagger *tagger)
{
  if (tagger == NULL)
    return;
  dossier_catalogue_unref (tagger->catalogue);
  g_free (tagger->parents);
  g_free (tagger->topics);
  g_free (tagger->needs_context);
  g_free (tagger->topic_bias);
  g_clear_pointer (&tagger->related, g_ptr_array_unref);
  g_clear_pointer (&tagger->implies, g_ptr_array_unref);
  g_array_unref (tagger->aliases);
  g_array_unref (tagger->rules);
  g_ptr_array_unref (tagger->terms);
  g_array_unref (tagger->patterns);
  g_byte_array_unref (tagger->masks);
  g_byte_array_unref (tagger->pattern_bytes);
  g_free (tagger->delta16);
  g_free (tagger->delta);
  g_free (tagger->deep);
  g_free (tagger->deep_more);
  g_free (tagger->out_start);
  g_free (tagger->outputs);
  g_free (tagger);
}

DossierCatalogue *
dossier_tagger_get_catalogue (DossierTagger *tagger)
{
  return tagger->catalogue;
}

gsize
dossier_tagger_get_size (DossierTagger *tagger)
{
  guint n_deep = tagger->n_states - tagger->n_dense;

  return ((gsize) tagger->n_dense << tagger->row_shift) * (tagger->delta16 != NULL ? sizeof (guint16) : sizeof (guint32)) +
         n_deep * sizeof (DeepState) + tagger->n_deep_more * sizeof (guint32) +
         (tagger->n_states + 1) * sizeof (guint32) +
         tagger->out_start[tagger->n_states] * sizeof (guint32) +
         tagger->patterns->len * sizeof (Pattern) + tagger->masks->len * 2;
}

/* ---- Matching ----------------------------------------------------------- */

/* و ف, then ب ل ك, then ال, each optional; or و ف then لل (ل + ال). */
static gboolean
is_proclitic (const char *bytes,
              gsize       length)
{
  static const char waw[] = "\xd9\x88", fa[] = "\xd9\x81";
  static const char ba[] = "\xd8\xa8", lam[] = "\xd9\x84", kaf[] = "\xd9\x83";
  static const char alef[] = "\xd8\xa7";
  const char *p = bytes;
  const char *end = bytes + length;

  if (length == 0 || length % 2 != 0)
    return FALSE;
  if (memcmp (p, waw, 2) == 0 || memcmp (p, fa, 2) == 0)
    p += 2;
  if (p == end)
    return TRUE;
  if (end - p == 4 && memcmp (p, lam, 2) == 0 && memcmp (p + 2, lam, 2) == 0)
    return TRUE;
  if (memcmp (p, ba, 2) == 0 || memcmp (p, lam, 2) == 0 || memcmp (p, kaf, 2) == 0)
    p += 2;
  if (p == end)
    return TRUE;
  return end - p == 4 && memcmp (p, alef, 2) == 0 && memcmp (p + 2, lam, 2) == 0;
}

/* The future's س, after و or ف, before a verb in the present: سيخترق. */
static gboolean
is_future (const char *bytes,
           gsize       length,
           const char *verb)
{
  static const char seen_letter[] = "\xd8\xb3";

  if (length == 4 && (memcmp (bytes, "\xd9\x88", 2) == 0 || memcmp (bytes, "\xd9\x81", 2) == 0))
    bytes += 2, length -= 2;
  return length == 2 && memcmp (bytes, seen_letter, 2) == 0 &&
         (memcmp (verb, "\xd9\x8a", 2) == 0 || memcmp (verb, "\xd8\xaa", 2) == 0);
}

/* A possessive ending on an Arabic word: ها هم هما هن نا كم. Not ه
 * alone, which is also a taa marbuta folded. */
static gsize
possessive_length (const char *bytes,
                   gsize       left)
{
  const guchar *b = (const guchar *) bytes;
  guint second;

  /* A letter by letter decision: most names end where the word does not,
   * in a letter of their own word, and are turned down at the first. */
  if (left < 4 || b[0] != 0xD9 || (b[1] != 0x87 && b[1] != 0x86 && b[1] != 0x83))
    return 0;
  second = (b[2] << 8) | b[3];
  switch (b[1])
    {
    case 0x87:  /* ه */
      if (second == 0xD985)   /* م: هم, or هما */
        return left >= 6 && b[4] == 0xD8 && b[5] == 0xA7 ? 6 : 4;
      return second == 0xD8A7 || second == 0xD986 ? 4 : 0;   /* ها هن */
    case 0x86:  /* ن */
      return second == 0xD8A7 ? 4 : 0;                       /* نا */
    default:    /* ك */
      return second == 0xD985 ? 4 : 0;                       /* كم */
    }
}

/* Whether the word goes on after a keyword found at [.., @end) by an
 * ending of its inflection, and nothing else (P_INFLECT, P_STEM): in
 * Arabic a gender, number or person ending (ات ون ين ان ت وا تا ن, the
 * taa marbuta, the accusative's alef), then a pronoun, or a pronoun
 * alone; in English -s or -es; a stem (P_STEM, subsidi-) needs -es. */
static gboolean
inflection_fits (const char   *bytes,
                 const guint8 *flags,
                 gsize         length,
                 gsize         end,
                 guint16       pattern_flags)
{
  /* A noun's: ات ون ين ان, the accusative's ا; a verb's (or a
   * participle's) as well: ت وا تا ن تان تين and the taa marbuta. Not
   * on a noun: معالج, a processor, is معالجة, processing, with it. */
  static const struct {
    guint8 length;
    char   bytes[7];
  } endings[] = {
    { 0, "" }, { 4, "\xd8\xa7\xd8\xaa" }, { 4, "\xd9\x88\xd9\x86" }, { 4, "\xd9\x8a\xd9\x86" },
    { 4, "\xd8\xa7\xd9\x86" }, { 2, "\xd8\xa7" },
    { 2, "\xd8\xaa" }, { 4, "\xd9\x88\xd8\xa7" }, { 4, "\xd8\xaa\xd8\xa7" }, { 2, "\xd9\x86" },
    { 6, "\xd8\xaa\xd8\xa7\xd9\x86" }, { 6, "\xd8\xaa\xd9\x8a\xd9\x86" }, { 2, "\xd9\x87" },
  };
  const char *rest = bytes + end;
  gsize tail = 1;

  /* The rest of the word: an ending and a pronoun are twelve bytes at
   * most; most words that go on are no inflection and stop here. */
  while (end + tail < length && !(flags[end + tail] & F_WORD_START) && tail <= 12)
    tail++;
  if (tail > 12)
    return FALSE;

  if (end >= 2 && is_arabic_lead (bytes[end - 2]))
    {
      guint n_endings = (pattern_flags & P_VERB) ? G_N_ELEMENTS (endings) : 6;

      for (guint e = 0; e < n_endings; e++)
        {
          gsize n = endings[e].length;
          gsize pronoun;

          if (n > tail || memcmp (rest, endings[e].bytes, n) != 0)
            continue;
          if (n == tail)
            return n > 0;
          /* Then a pronoun: ها هم هما هن نا كم, or ه alone after an
           * ending or a verb (اخترقه); on a bare noun it is the taa
           * marbuta, another word (معالجة). */
          pronoun = possessive_length (rest + n, tail - n);
          if (pronoun == 0 && tail - n == 2 && memcmp (rest + n, "\xd9\x87", 2) == 0 &&
              (n > 0 || (pattern_flags & P_VERB)))
            pronoun = 2;
          if (pronoun == tail - n)
            return TRUE;
        }
      return FALSE;
    }

  /* English: the plural (and the verb's -s). Not -ed and -ing: the
   * catalogue's English keywords are nouns, and their verbs are other
   * words (a grant: granted; a chip: chipping; compute: computing) or are
   * listed where they are meant (sanctioned, smuggled, hacked). A stem
   * (P_STEM, subsidi-) needs its -es. */
  if (g_ascii_islower (bytes[end - 1]))
    {
      gboolean es = tail == 2 && rest[0] == 'e' && rest[1] == 's';

      if (pattern_flags & P_STEM)
        return es;
      return (tail == 1 && rest[0] == 's') || (es && strchr ("sxzh", bytes[end - 1]) != NULL);
    }
  return FALSE;
}

typedef enum {
  VERIFY_NO,
  VERIFY_YES,
  VERIFY_AS_WEAK,     /* the case matched only by the sentence's capital */
} Verified;

static Verified
verify (DossierTagger *tagger,
        const Pattern *pattern,
        const char    *bytes,
        const guint8  *flags,
        gsize          length,
        gsize          start)
{
  gsize end = start + pattern->length;
  const guint8 *masks = tagger->masks->data + pattern->masks;

  if (!(pattern->flags & P_CJK_END) && end < length && !(flags[end] & F_WORD_START))
    {
      gsize suffix = (pattern->flags & P_SUFFIX) ? possessive_length (bytes + end, length - end) : 0;

      if ((suffix == 0 || (end + suffix < length && !(flags[end + suffix] & F_WORD_START))) &&
          (!(pattern->flags & (P_INFLECT | P_STEM)) ||
           !inflection_fits (bytes, flags, length, end, pattern->flags)))
        return VERIFY_NO;
    }
  else if (pattern->flags & P_STEM)
    return VERIFY_NO;

  /* A change of script after an Arabic word of three letters or more is
   * a space the text lost (لشركةIntel); a lone letter glued to a Latin
   * name is not a proclitic, and no word (سDeepSeek). */
  if (!(pattern->flags & P_CJK_START) && !(flags[start] & F_WORD_START) &&
      !(g_ascii_isalnum (bytes[start]) && start >= 6 && is_arabic_lead (bytes[start - 2]) &&
        is_arabic_lead (bytes[start - 4]) && is_arabic_lead (bytes[start - 6])))
    {
      gsize word = start;

      /* Arabic proclitics go before Arabic names and, glued or after a
       * tatweel, before Latin ones: وDeepSeek, بـSamsung. The longest
       * run of proclitics is four letters (وبال). */
      while (word > 0 && start - word < 8 && !(flags[word] & F_WORD_START))
        word--;
      if (!(flags[word] & F_WORD_START) || !is_arabic_lead (bytes[word]) ||
          (!is_proclitic (bytes + word, start - word) &&
           !is_future (bytes + word, start - word, bytes + start)))
        return VERIFY_NO;
      if ((pattern->flags & P_BARE) && start - word >= 4 &&
          memcmp (bytes + start - 2, "\xd9\x84", 2) == 0 &&
          (memcmp (bytes + start - 4, "\xd8\xa7", 2) == 0 ||
           memcmp (bytes + start - 4, "\xd9\x84", 2) == 0))
        return VERIFY_NO;
    }

  if ((pattern->flags & P_AFTER_LAM) &&
      (start < 4 || (flags[start] & F_WORD_START) || memcmp (bytes + start - 4, "\xd9\x84\xd9\x84", 4) != 0))
    return VERIFY_NO;

  /* No word may start inside the name but where it may be split: eight
   * bytes at a time, a word start without a split beside it is a bit
   * left over. */
  {
    const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
    gsize i = 1;

    G_STATIC_ASSERT (F_WORD_START == 1 << 0 && F_SPLIT == 1 << 2);
    for (; i < pattern->length; i += 8)
      {
        guint64 text, mask;

        memcpy (&text, flags + start + i, sizeof text);
        memcpy (&mask, masks + i, sizeof mask);
        text = GUINT64_FROM_LE (text) & ~(GUINT64_FROM_LE (mask) >> 2) & ones;
        /* The last eight may reach past the name, into the room after
         * the text (SCAN_SLACK) and after the masks: only its bytes. */
        if (pattern->length - i < 8)
          text &= (G_GUINT64_CONSTANT (1) << (8 * (pattern->length - i))) - 1;
        if (text != 0)
          return VERIFY_NO;
      }
  }

  if (pattern->flags & P_EXACT)
    {
      for (gsize i = 0; i < pattern->length; i++)
        if (g_ascii_isalpha (bytes[start + i]) &&
            (flags[start + i] & F_UPPER) != (masks[i] & F_UPPER))
          return VERIFY_NO;
      /* "Apple" opening a sentence or in a Title-Case headline is no sign
       * of a name: every word there has a capital. */
      if ((pattern->flags & P_CAPITALISED) && (flags[start] & F_SENTENCE))
        return VERIFY_AS_WEAK;
    }

  return VERIFY_YES;
}

DossierTagResult *
dossier_tag_result_new (DossierTagger *tagger)
{
  DossierTagResult *result = g_new0 (DossierTagResult, 1);

  result->tagger = tagger;
  scan_init (&result->scan);
  result->tags = g_new0 (TagState, tagger->n_tags);
  for (guint t = 0; t < tagger->n_tags; t++)
    {
      result->tags[t].aliases = g_array_new (FALSE, FALSE, sizeof (guint));
      result->tags[t].weak_aliases = g_array_new (FALSE, FALSE, sizeof (guint));
      result->tags[t].implied_by = g_array_new (FALSE, FALSE, sizeof (guint));
    }
  result->group_stamps = g_new0 (guint, tagger->n_groups + 1);
  result->strong_stamps = g_new0 (guint, tagger->n_groups + 1);
  result->weak_group_stamps = g_new0 (guint, tagger->n_groups + 1);
  result->veto_stamps = g_new0 (guint, tagger->n_groups + 1);
  result->context_stamps = g_new0 (guint, tagger->n_tags);
  result->alias_stamps = g_new0 (guint, tagger->aliases->len + 1);
  result->hits = g_array_new (FALSE, FALSE, sizeof (Hit));
  result->term_hits = g_array_new (FALSE, FALSE, sizeof (TermHit));
  result->sorted_term_hits = g_array_new (FALSE, FALSE, sizeof (TermHit));
  result->rule_starts = g_new0 (guint, tagger->rules->len + 1);
  result->cancelled = g_array_new (FALSE, FALSE, sizeof (Cancel));
  result->whys = g_array_new (FALSE, FALSE, sizeof (guint));
  result->why_texts = g_string_new (NULL);
  result->touched = g_array_new (FALSE, FALSE, sizeof (guint));
  result->joined = g_string_sized_new (256);
  result->matches = g_array_new (FALSE, FALSE, sizeof (DossierTagMatch));
  result->verified_stamps = g_new0 (guint, tagger->n_alike);
  result->verified = g_new0 (guint8, tagger->n_alike);
  return result;
}

static void
clear_matches (DossierTagResult *result)
{
  for (guint i = 0; i < result->matches->len; i++)
    g_free (g_array_index (result->matches, DossierTagMatch, i).aliases);
  g_array_set_size (result->matches, 0);
}

void
dossier_tag_result_free (DossierTagResult *result)
{
  if (result == NULL)
    return;
  clear_matches (result);
  g_array_unref (result->matches);
  g_array_unref (result->touched);
  g_string_free (result->joined, TRUE);
  g_array_unref (result->hits);
  g_array_unref (result->term_hits);
  g_array_unref (result->sorted_term_hits);
  g_free (result->rule_starts);
  g_array_unref (result->cancelled);
  g_array_unref (result->whys);
  g_string_free (result->why_texts, TRUE);
  for (guint t = 0; t < result->tagger->n_tags; t++)
    {
      g_array_unref (result->tags[t].aliases);
      g_array_unref (result->tags[t].weak_aliases);
      g_array_unref (result->tags[t].implied_by);
    }
  g_free (result->tags);
  g_free (result->group_stamps);
  g_free (result->strong_stamps);
  g_free (result->weak_group_stamps);
  g_free (result->veto_stamps);
  g_free (result->context_stamps);
  g_free (result->alias_stamps);
  g_free (result->verified_stamps);
  g_free (result->verified);
  scan_clear (&result->scan);
  g_free (result);
}

static TagState *
touch (DossierTagResult *result,
       guint             tag)
{
  TagState *state = &result->tags[tag];

  if (state->stamp != result->stamp)
    {
      state->stamp = result->stamp;
      state->title_count = 0;
      state->body_count = 0;
      state->weak_title = 0;
      state->weak_body = 0;
      state->evidence = 0;
      state->strong = 0;
      state->implied = 0;
      state->weak_groups = 0;
      state->sentences = 0;
      state->last_sentence = 0;
      state->lead = FALSE;
      state->score = 0;
      state->accepted = FALSE;
      state->last_end = -1;
      /* Most are empty already: no call for those. */
      if (state->aliases->len > 0)
        g_array_set_size (state->aliases, 0);
      if (state->weak_aliases->len > 0)
        g_array_set_size (state->weak_aliases, 0);
      if (state->implied_by->len > 0)
        g_array_set_size (state->implied_by, 0);
      g_array_append_val (result->touched, tag);
    }
  return state;
}

/* The text of the @index-th rule that held. Valid once the rules are
 * applied: the buffer no longer moves. */
static inline const char *
rule_why (DossierTagResult *result,
          guint             index)
{
  return result->why_texts->str + g_array_index (result->whys, guint, index);
}

static void
add_why (DossierTagResult *result,
         GArray           *whys,
         guint             why)
{
  guint n_aliases = result->tagger->aliases->len;

  /* An alias is listed once; a rule's text is new each time it holds. */
  if (why < n_aliases)
    {
      if (result->alias_stamps[why] == result->stamp)
        {
          for (guint i = 0; i < whys->len; i++)
            if (g_array_index (whys, guint, i) == why)
              return;
        }
      result->alias_stamps[why] = result->stamp;
    }
  else
    {
      const char *text = rule_why (result, why - n_aliases);

      for (guint i = 0; i < whys->len; i++)
        {
          guint other = g_array_index (whys, guint, i);

          if (other >= n_aliases &&
              g_str_equal (text, rule_why (result, other - n_aliases)))
            return;
        }
    }
  g_array_append_val (whys, why);
}

/* In the order of the text; of two hits that start together, the longer
 * first, so that it is the one counted. */
static int
compare_hits (gconstpointer a,
              gconstpointer b)
{
  const Hit *x = a, *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end > y->end ? -1 : 1;
  return (x->why > y->why) - (x->why < y->why);
}

/* A rule's term hits together, in the order of the text. */
static int
compare_term_hits (gconstpointer a,
                   gconstpointer b)
{
  const TermHit *x = a, *y = b;

  if (x->rule != y->rule)
    return x->rule < y->rule ? -1 : 1;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return (x->set > y->set) - (x->set < y->set);
}

/* The term hits by rule, then in the order of the text. They come in
 * the order in which they end, which is their order but for the rare
 * term inside a longer one: a count per rule puts them in place, and an
 * insertion puts the few overlaps right. Common words are terms of
 * several rules, and a sort with a comparison call per step cost more
 * than the rules themselves. */
static GArray *
sort_term_hits (DossierTagResult *result)
{
  GArray *in = result->term_hits;
  GArray *out = result->sorted_term_hits;
  guint n_rules = result->tagger->rules->len;
  guint *starts = result->rule_starts;
  TermHit *sorted;

  if (in->len < 2)
    return in;
  memset (starts, 0, (n_rules + 1) * sizeof (guint));
  for (guint i = 0; i < in->len; i++)
    starts[g_array_index (in, TermHit, i).rule + 1]++;
  for (guint r = 0; r < n_rules; r++)
    starts[r + 1] += starts[r];
  g_array_set_size (out, in->len);
  sorted = (TermHit *) out->data;
  for (guint i = 0; i < in->len; i++)
    {
      const TermHit *hit = &g_array_index (in, TermHit, i);

      sorted[starts[hit->rule]++] = *hit;
    }
  for (guint i = 1; i < out->len; i++)
    {
      TermHit hit = sorted[i];
      guint j = i;

      while (j > 0 && compare_term_hits (&hit, &sorted[j - 1]) < 0)
        {
          sorted[j] = sorted[j - 1];
          j--;
        }
      sorted[j] = hit;
    }
  return out;
}

/* Does a rule say that @hit's words mean something else where they
 * stand? A story has few such places: a look at each is cheap. */
static gboolean
is_cancelled (DossierTagResult *result,
              const Hit        *hit)
{
  for (guint c = 0; c < result->cancelled->len; c++)
    {
      const Cancel *cancel = &g_array_index (result->cancelled, Cancel, c);

      if (cancel->tag == hit->tag &&
          ((hit->start >= cancel->start && hit->start < cancel->end) ||
           (cancel->start >= hit->start && cancel->start < hit->end)))
        return TRUE;
    }
  return FALSE;
}

/* Counts one hit that no veto cancelled; @sentence is the body's
 * sentence it stands in, counted from 0. */
static void
count_hit (DossierTagResult *result,
           const Hit        *hit,
           guint             sentence)
{
  DossierTagger *tagger = result->tagger;
  TagState *state = touch (result, hit->tag);

  if (hit->weak)
    {
      if (hit->group != G_MAXUINT && result->weak_group_stamps[hit->group] != result->stamp)
        {
          result->weak_group_stamps[hit->group] = result->stamp;
          state->weak_groups++;
        }
      if ((gssize) hit->start < state->last_end)
        return;
      add_why (result, state->weak_aliases, hit->why);
      state->last_end = hit->end;
      if (hit->in_title)
        state->weak_title++;
      else
        state->weak_body++;
      return;
    }

  /* A keyword found by an ending (GPU in "GPUs") inside a longer match
   * of the tag that was found whole (the spelling "GPUs") is no name the
   * why list needs twice. */
  if (!(hit->group != G_MAXUINT && (gssize) hit->start < state->last_end &&
        hit->end < result->scan.n_flags &&
        !(result->scan.flags[hit->end] & F_WORD_START)))
    add_why (result, state->aliases, hit->why);

  /* Evidence counts keyword groups, not mentions; the longer of two
   * overlapping spellings ("ثغرات" inside "ثغرات أمنية") decides whether
   * the group was strong. A rule that held is a group of its own. Words
   * are evidence once: a keyword or a rule over the words of another
   * (خصوصية المستخدمين inside حماية خصوصية المستخدمين) adds nothing. */
  if (tagger->topics[hit->tag] && !hit->in_title)
    {
      if ((gssize) hit->start < state->last_end &&
          (hit->group == G_MAXUINT || result->group_stamps[hit->group] != result->stamp))
        ;
      else if (hit->group == G_MAXUINT)
        {
          state->evidence += hit->strong ? 2 : 1;
          state->strong += hit->strong;
        }
      else if (result->group_stamps[hit->group] != result->stamp)
        {
          result->group_stamps[hit->group] = result->stamp;
          state->evidence += hit->strong ? 2 : 1;
          state->strong += hit->strong;
          if (hit->strong)
            result->strong_stamps[hit->group] = result->stamp;
        }
      else if (hit->strong && result->strong_stamps[hit->group] != result->stamp)
        {
          result->strong_stamps[hit->group] = result->stamp;
          state->evidence += 1;
          state->strong++;
        }
      if (state->last_sentence != sentence + 1)
        {
          state->last_sentence = sentence + 1;
          state->sentences++;
        }
      state->lead |= sentence == 0;
    }

  /* Two aliases over the same words ("Nvidia" and "Nvidia Corp") are one
   * mention. */
  if ((gssize) hit->start < state->last_end)
    return;
  state->last_end = hit->end;

  if (hit->in_title)
    state->title_count++;
  else
    state->body_count++;
}

/* Does a term of every set of @rule lie within its reach of the first
 * set's hit @k, in its sentence (before it, for a rule that says so)?
 * @hits are the rule's, in the order of the text, so only the neighbours
 * of @k need a look. Fills @chosen with one hit per set. */
/* How far apart two terms are, in words: from the last word of the one
 * before to the first of the one after, so that a term of three words
 * ("مخاطر أمنية" before "حقيقية على الشبكة") takes no more of a rule's
 * reach than a term of one. */
static inline guint
words_apart (const TermHit *a,
             const TermHit *b)
{
  if (b->word > a->last_word)
    return b->word - a->last_word;
  if (a->word > b->last_word)
    return a->word - b->last_word;
  return 0;
}

static gboolean
rule_holds (const Rule     *rule,
            const TermHit  *hits,
            guint           n_hits,
            guint           k,
            const TermHit **chosen)
{
  const TermHit *first = &hits[k];
  guint lo, hi;

  chosen[0] = first;
  for (guint s = 1; s < rule->n_sets; s++)
    {
      const TermHit *best = NULL;
      guint best_distance = G_MAXUINT;

      for (int step = -1; step <= (rule->before ? -1 : 1); step += 2)
        for (int j = (int) k + step; j >= 0 && j < (int) n_hits; j += step)
          {
            const TermHit *other = &hits[j];
            guint distance = words_apart (first, other);

            if (other->sentence != first->sentence || distance > rule->within)
              break;
            if (other->set == s && distance < best_distance &&
                !(rule->before && other->end > first->start))
              {
                best = other;
                best_distance = distance;
              }
          }
      if (best == NULL)
        return FALSE;
      chosen[s] = best;
    }

  /* All of them within reach of one another, not only of the first:
   * from the end of the one that ends first to the start of the one
   * that starts last. */
  lo = G_MAXUINT;
  hi = 0;
  for (guint s = 0; s < rule->n_sets; s++)
    {
      lo = MIN (lo, chosen[s]->last_word);
      hi = MAX (hi, chosen[s]->word);
    }
  return hi <= lo || hi - lo <= rule->within;
}

/* Turns the rules that held into hits of their tags, one for each term
 * of their first set that the other sets' terms came near. */
static void
apply_rules (DossierTagResult *result)
{
  DossierTagger *tagger = result->tagger;
  GArray *term_hits = result->term_hits;
  guint n = term_hits->len;

  term_hits = sort_term_hits (result);
  for (guint i = 0; i < n;)
    {
      const TermHit *hits = &g_array_index (term_hits, TermHit, i);
      const Rule *rule = &g_array_index (tagger->rules, Rule, hits[0].rule);
      guint n_hits = 0;
      const TermHit *chosen[8];

      while (i + n_hits < n && hits[n_hits].rule == hits[0].rule)
        n_hits++;
      i += n_hits;
      if (rule->n_sets > G_N_ELEMENTS (chosen))
        continue;

      gsize last_end = 0;

      for (guint k = 0; k < n_hits; k++)
        {
          GString *why = result->why_texts;
          guint why_start = why->len;
          Hit found;

          /* Two terms over one word ("tracking", "location tracking")
           * are one time the rule held. */
          /* Of two terms found at one word (حظر in حظرت, and حظرت),
           * the longer, which names what the text says; it comes next. */
          if (hits[k].set == 0 && k + 1 < n_hits && hits[k + 1].set == 0 &&
              hits[k + 1].start == hits[k].start && hits[k + 1].end > hits[k].end)
            continue;
          if (hits[k].set != 0 || (k > 0 && hits[k].start < last_end) ||
              !rule_holds (rule, hits, n_hits, k, chosen))
            continue;
          last_end = hits[k].end;

          if (rule->cancels)
            {
              Cancel cancel = { rule->tag, hits[k].start, hits[k].end };

              g_array_append_val (result->cancelled, cancel);
              continue;
            }

          for (guint s = 0; s < rule->n_sets; s++)
            {
              const Term *term = g_ptr_array_index (tagger->terms, chosen[s]->term);

              if (s > 0)
                g_string_append (why, " … ");
              g_string_append (why, term->text);
            }
          found.tag = rule->tag;
          found.why = tagger->aliases->len + result->whys->len;
          found.group = G_MAXUINT;
          found.start = hits[k].start;
          found.end = hits[k].start;
          found.in_title = hits[k].in_title;
          found.weak = FALSE;
          found.strong = rule->strong;
          g_string_append_c (why, '\0');
          g_array_append_val (result->whys, why_start);
          g_array_append_val (result->hits, found);
        }
    }
}

/* How much a story says about a topic, from its own words: a keyword
 * in the headline is the story's subject (3); in the body each keyword
 * group counts 1, a specific phrase or a rule that held 2 (evidence),
 * and a keyword said again 1 more. An entity of the topic adds 1
 * (implied), or 2 for one about nothing else. Where the words stand
 * (the lead, one sentence or several) decides whether a topic is only
 * passing (topic_is_passing ()). */
#define TOPIC_THRESHOLD 2
/* A topic said in passing, next to one this many times stronger, is a
 * side remark of a story about the other. */
#define TOPIC_DOMINANCE 5

static guint
topic_word_score (const TagState *state)
{
  return (state->title_count > 0 ? 3 : 0) + state->evidence + (state->body_count >= 2 ? 1 : 0);
}

/* Said once in one later sentence of the body, on common words: no
 * headline, no lead, no specific phrase. */
static gboolean
topic_is_passing (const TagState *state)
{
  return state->title_count == 0 && state->sentences <= 1 && !state->lead && state->evidence < 2;
}

/* What the learned decision sees of a topic: the same evidence the
 * hand-set threshold adds up, kept apart so that each kind has its own
 * weight (see dossier-tagger-weights.h, and the trainer it names). */
static void
topic_features (DossierTagResult *result,
                guint             tag,
                const TagState   *state,
                float            *x)
{
  DossierTagger *tagger = result->tagger;
  guint strongest = result->strongest;
  gboolean any_entity = result->any_entity;
  gboolean context = result->context_stamps[tag] == result->stamp;
  gsize body_bytes = result->scan.bytes->len - result->body_start;

  x[DOSSIER_TOPIC_F_TITLE] = state->title_count > 0;
  x[DOSSIER_TOPIC_F_TITLE_ONLY] = state->title_count > 0 && state->evidence == 0 &&
                                  state->implied == 0;
  x[DOSSIER_TOPIC_F_EVIDENCE] = MIN (state->evidence, 8);
  x[DOSSIER_TOPIC_F_EVIDENCE2] = state->evidence >= 2;
  x[DOSSIER_TOPIC_F_STRONG] = MIN (state->strong, 4);
  x[DOSSIER_TOPIC_F_REPEATED] = state->body_count >= 2;
  x[DOSSIER_TOPIC_F_MENTIONS] = log2f (1 + state->body_count);
  x[DOSSIER_TOPIC_F_SENTENCES] = MIN (state->sentences, 6);
  x[DOSSIER_TOPIC_F_SHARE] = MIN (1.0f, (float) state->sentences / MAX (result->body_sentences, 1));
  x[DOSSIER_TOPIC_F_LEAD] = state->lead;
  x[DOSSIER_TOPIC_F_IMPLIED] = state->implied == 1;
  x[DOSSIER_TOPIC_F_IMPLIED_ENOUGH] = state->implied >= 2;
  x[DOSSIER_TOPIC_F_CONTEXT] = tagger->needs_context[tag] && context;
  x[DOSSIER_TOPIC_F_NO_CONTEXT] = tagger->needs_context[tag] && !context && !any_entity;
  x[DOSSIER_TOPIC_F_PASSING] = topic_is_passing (state);
  x[DOSSIER_TOPIC_F_DOMINATED] = log2f ((1.0f + strongest) / (1.0f + state->score));
  x[DOSSIER_TOPIC_F_LENGTH] = log2f (1 + body_bytes / 1024.0f);
  x[DOSSIER_TOPIC_F_WEAK] = MIN (state->weak_title + state->weak_body, 3);
  x[DOSSIER_TOPIC_F_RULE] = state->rule_accepted;
  x[DOSSIER_TOPIC_F_SCORE] = MIN (state->score, 12);
}

gboolean
dossier_tagger_topic_learned_accepts (DossierTagger *tagger,
                                      guint          tag,
                                      const float   *x)
{
  float score = tagger->topic_bias[tag];

  for (guint f = 0; f < DOSSIER_TOPIC_N_FEATURES; f++)
    score += dossier_topic_weights[f] * x[f];
  return score > 0;
}

/* A weak name counts with a second sign: a context word of its entity,
 * another of its names, or a related entity named plainly. */
static gboolean
weak_is_vouched (DossierTagResult *result,
                 guint             tag,
                 TagState         *state)
{
  GArray *related = g_ptr_array_index (result->tagger->related, tag);

  if (result->context_stamps[tag] == result->stamp || state->weak_groups >= 2)
    return TRUE;
  for (guint i = 0; i < related->len; i++)
    {
      TagState *other = &result->tags[g_array_index (related, guint, i)];

      if (other->stamp == result->stamp && other->title_count + other->body_count > 0)
        return TRUE;
    }
  return FALSE;
}

static char *
join_whys (DossierTagResult *result,
           GArray           *whys,
           GArray           *implied_by)
{
  DossierTagger *tagger = result->tagger;
  GString *joined = result->joined;

  g_string_truncate (joined, 0);
  for (guint i = 0; i < whys->len; i++)
    {
      guint why = g_array_index (whys, guint, i);

      if (joined->len > 0)
        g_string_append_c (joined, '\n');
      if (why < tagger->aliases->len)
        {
          AliasRef *ref = &g_array_index (tagger->aliases, AliasRef, why);
          DossierTagDef *tag = dossier_catalogue_get_tag (tagger->catalogue, ref->tag);
          DossierAlias *alias = g_ptr_array_index (tag->aliases, ref->index);

          g_string_append (joined, alias->text);
        }
      else
        g_string_append (joined, rule_why (result, why - tagger->aliases->len));
    }
  for (guint i = 0; implied_by != NULL && i < implied_by->len; i++)
    {
      DossierTagDef *tag = dossier_catalogue_get_tag (tagger->catalogue,
                                                      g_array_index (implied_by, guint, i));

      if (joined->len > 0)
        g_string_append_c (joined, '\n');
      g_string_append (joined, IMPLIED_MARK);
      g_string_append (joined, tag->slug);
    }
  return g_strndup (joined->str, joined->len);
}

static int
compare_matches (gconstpointer a,
                 gconstpointer b)
{
  const DossierTagMatch *x = a, *y = b;

  return (x->tag > y->tag) - (x->tag < y->tag);
}

/* g_array_append_val () is a call, and a story's terms come by the
 * dozen: the hits are written in place while the array has room. */
static inline gpointer
append_in_place (GArray *array,
                 guint  *room,
                 gsize   size)
{
  if (G_UNLIKELY (array->len >= *room))
    {
      guint len = array->len;

      *room = MAX (64, MAX (*room, len) * 2);
      g_array_set_size (array, *room);
      g_array_set_size (array, len);
    }
  return array->data + size * array->len++;
}

/* Adds the words and the sentences that start in flags[@from, @to) to
 * @words and @sentences, eight flags at a time: each byte's bit becomes
 * a 0 or 1 in its byte, and one multiplication sums the eight. */
static inline void
count_words (const guint8 *flags,
             gsize         from,
             gsize         to,
             guint        *words,
             guint        *sentences)
{
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);

  G_STATIC_ASSERT (F_WORD_START == 1 << 0 && F_STOP == 1 << 5);
  for (; from < to; from += 8)
    {
      guint64 eight;

      memcpy (&eight, flags + from, sizeof eight);
      eight = GUINT64_FROM_LE (eight);
      /* The last eight may reach into the room after the text
       * (SCAN_SLACK): only the flags before @to count. */
      if (to - from < 8)
        eight &= (G_GUINT64_CONSTANT (1) << (8 * (to - from))) - 1;
      *words += ((eight & ones) * ones) >> 56;
      *sentences += (((eight >> 5) & ones) * ones) >> 56;
    }
}

/* Runs the automaton from @bytes[@i] to the first byte after which it
 * has something to report, or to @length; returns where it stopped. One
 * copy for each width of the table, so that the loop has no test of it.
 * The inner loop reads the table alone while the states stay shallow
 * and quiet; a deep state is followed by its children and its failure
 * links, which lead back into the table. */
#define DEFINE_STEP(name, type, table)                                                  \
  static inline gsize                                                                   \
  name (const DossierTagger *tagger,                                                    \
        const char          *bytes,                                                     \
        gsize                i,                                                         \
        gsize                length,                                                    \
        guint32             *state)                                                     \
  {                                                                                     \
    const type *delta = tagger->table;                                                  \
    const guint8 *classes = tagger->classes;                                            \
    guint shift = tagger->row_shift;                                                    \
    gsize first_reporting = tagger->first_reporting;                                    \
    gsize n_dense = tagger->n_dense;                                                    \
    gsize first_quiet_deep = tagger->first_quiet_deep;                                  \
    gsize s = *state;                                                                   \
                                                                                        \
    while (i < length)                                                                  \
      {                                                                                 \
        if (s < n_dense)                                                                \
          {                                                                             \
            /* Four bytes a turn while four are left: one test of the end  \
             * for four steps. */                                                       \
            for (;;)                                                                    \
              {                                                                         \
                if (G_UNLIKELY (i + 4 > length))                                        \
                  {                                                                     \
                    for (; i < length; i++)                                             \
                      {                                                                 \
                        s = delta[(s << shift) | classes[(guchar) bytes[i]]];           \
                        if (G_UNLIKELY (s >= first_reporting))                          \
                          break;                                                        \
                      }                                                                 \
                    break;                                                              \
                  }                                                                     \
                s = delta[(s << shift) | classes[(guchar) bytes[i]]];                   \
                if (G_UNLIKELY (s >= first_reporting))                                  \
                  break;                                                                \
                s = delta[(s << shift) | classes[(guchar) bytes[i + 1]]];               \
                if (G_UNLIKELY (s >= first_reporting))                                  \
                  {                                                                     \
                    i += 1;                                                             \
                    break;                                                              \
                  }                                                                     \
                s = delta[(s << shift) | classes[(guchar) bytes[i + 2]]];               \
                if (G_UNLIKELY (s >= first_reporting))                                  \
                  {                                                                     \
                    i += 2;                                                             \
                    break;                                                              \
                  }                                                                     \
                s = delta[(s << shift) | classes[(guchar) bytes[i + 3]]];               \
                if (G_UNLIKELY (s >= first_reporting))                                  \
                  {                                                                     \
                    i += 3;                                                             \
                    break;                                                              \
                  }                                                                     \
                i += 4;                                                                 \
              }                                                                         \
            /* The end, something to report, or a deep state. */                       \
            if (i >= length || s < first_quiet_deep)                                    \
              break;                                                                    \
          }                                                                             \
        else                                                                            \
          {                                                                             \
            for (; i < length; i++)                                                     \
              {                                                                         \
                guint8 class = classes[(guchar) bytes[i]];                              \
                const DeepState *deep = &tagger->deep[s - n_dense];                     \
                guint32 edge = deep->edge;                                              \
                                                                                        \
                if ((edge & 0xFF) == class)                                             \
                  s = edge >> 8;                                                        \
                else if (G_LIKELY (!(deep->link & DEEP_MORE)))                          \
                  s = delta[((gsize) deep->link << shift) | class];                     \
                else                                                                    \
                  {                                                                     \
                    const guint32 *more = tagger->deep_more + (deep->link & ~DEEP_MORE);\
                    guint32 k = 0;                                                      \
                                                                                        \
                    while (k < more[1] && (more[2 + k] & 0xFF) != class)                \
                      k++;                                                              \
                    s = k < more[1] ? more[2 + k] >> 8                                  \
                                    : delta[((gsize) more[0] << shift) | class];        \
                  }                                                                     \
                /* Back in the table's quiet states, or something to report. */       \
                if (s < first_quiet_deep)                                               \
                  break;                                                                \
              }                                                                         \
            if (i >= length || s >= first_reporting)                                    \
              break;                                                                    \
          }                                                                             \
        i++;                                                                            \
      }                                                                                 \
    *state = s;                                                                         \
    return i;                                                                           \
  }

DEFINE_STEP (step16, guint16, delta16)
DEFINE_STEP (step32, guint32, delta)

/* Scans the story and runs the automaton over it, keeping what it finds. */
static void
find_hits (DossierTagger    *tagger,
           const char       *title,
           const char       *body,
           DossierTagResult *result)
{
  const char *bytes;
  const guint8 *flags;
  gsize length, title_length;
  const guint16 *delta16 = tagger->delta16;
  guint32 state = 0;
  guint word = 0, sentence = 0;
  gsize counted = 0;

  scan_reset (&result->scan);
  if (title != NULL)
    scan_text (&result->scan, title, TRUE, is_title_case (title));
  title_length = result->scan.bytes->len;
  {
    gboolean word_start = TRUE;

    scan_reserve (&result->scan, 1);
    emit_break (&result->scan, &word_start, BREAK_SENTENCE);
  }
  result->body_start = result->scan.bytes->len;
  if (body != NULL)
    scan_text (&result->scan, body, TRUE, FALSE);

  /* Zeroed room after the flags, so that they can be read eight at a
   * time up to the last. */
  scan_reserve (&result->scan, SCAN_SLACK);
  memset (result->scan.flags + result->scan.n_flags, 0, SCAN_SLACK);
  result->scan.bytes->str[result->scan.bytes->len] = '\0';
  bytes = result->scan.bytes->str;
  flags = result->scan.flags;
  length = result->scan.bytes->len;

  for (gsize i = 0; ; i++)
    {
      guint32 first, last;

      i = delta16 != NULL ? step16 (tagger, bytes, i, length, &state)
                          : step32 (tagger, bytes, i, length, &state);
      if (i >= length)
        break;
      first = tagger->out_start[state];
      last = tagger->out_start[state + 1];
      if (G_UNLIKELY (++result->verify_stamp == 0))
        {
          memset (result->verified_stamps, 0, tagger->n_alike * sizeof (guint));
          result->verify_stamp = 1;
        }
      for (guint32 o = first; o < last; o++)
        {
          const Pattern *pattern = &g_array_index (tagger->patterns, Pattern, tagger->outputs[o]);
          gsize start = i + 1 - pattern->length;
          Verified verified;

          /* Patterns alike end here together, and start together. */
          if (result->verified_stamps[pattern->alike] == result->verify_stamp)
            verified = result->verified[pattern->alike];
          else
            {
              verified = verify (tagger, pattern, bytes, flags, length, start);
              result->verified_stamps[pattern->alike] = result->verify_stamp;
              result->verified[pattern->alike] = verified;
            }

          if (verified == VERIFY_NO)
            continue;

          switch (pattern->kind)
            {
            case KIND_ALIAS:
              {
                Hit *hit = append_in_place (result->hits, &result->hits_room, sizeof (Hit));

                *hit = (Hit) { pattern->tag, pattern->number, pattern->group, start, i + 1,
                               start < title_length,
                               (pattern->flags & P_WEAK) || verified == VERIFY_AS_WEAK,
                               (pattern->flags & P_STRONG) != 0 };
              }
              break;
            case KIND_CONTEXT:
              result->context_stamps[pattern->tag] = result->stamp;
              break;
            case KIND_VETO:
              result->veto_stamps[pattern->group] = result->stamp;
              break;

            case KIND_TERM:
              {
                TermHit hit;

                /* Words and sentences are counted only as far as a term
                 * needs them: most bytes are no term's. */
                count_words (flags, counted, i + 1, &word, &sentence);
                counted = i + 1;
                hit = (TermHit) { pattern->group, pattern->set, pattern->number, word, word, sentence,
                                  start, i + 1, start < title_length };
                /* The word the term starts in, not the one it ends in;
                 * verify () let no word start inside a term of one. */
                if (pattern->flags & P_WORDS)
                  {
                    guint inner = 0, stops = 0;

                    count_words (flags, start + 1, i + 1, &inner, &stops);
                    hit.word -= inner;
                  }
                *(TermHit *) append_in_place (result->term_hits, &result->term_hits_room,
                                              sizeof (TermHit)) = hit;
              }
              break;
            default:
              g_assert_not_reached ();
            }
        }
    }
}

/* The hits in the order of compare_hits (). They come in the order in
 * which they end, which is nearly the order in which they start: an
 * insertion puts the few out of place right, where a sort would call
 * the comparison at every step. */
static void
sort_hits (GArray *hits)
{
  Hit *data = (Hit *) hits->data;

  for (guint i = 1; i < hits->len; i++)
    {
      Hit hit = data[i];
      guint j = i;

      while (j > 0 && compare_hits (&hit, &data[j - 1]) < 0)
        {
          data[j] = data[j - 1];
          j--;
        }
      data[j] = hit;
    }
}

void
dossier_tagger_run (DossierTagger    *tagger,
                    const char       *title,
                    const char       *body,
                    DossierTagResult *result)
{
  guint n_touched;

  g_return_if_fail (result->tagger == tagger);

  clear_matches (result);
  g_array_set_size (result->touched, 0);
  g_array_set_size (result->hits, 0);
  g_array_set_size (result->term_hits, 0);
  g_array_set_size (result->cancelled, 0);
  g_array_set_size (result->whys, 0);
  g_string_truncate (result->why_texts, 0);
  if (++result->stamp == 0)
    {
      /* After four billion stories the stamps wrap: start them afresh. */
      for (guint t = 0; t < tagger->n_tags; t++)
        result->tags[t].stamp = 0;
      memset (result->group_stamps, 0, (tagger->n_groups + 1) * sizeof (guint));
      memset (result->strong_stamps, 0, (tagger->n_groups + 1) * sizeof (guint));
      memset (result->weak_group_stamps, 0, (tagger->n_groups + 1) * sizeof (guint));
      memset (result->veto_stamps, 0, (tagger->n_groups + 1) * sizeof (guint));
      memset (result->context_stamps, 0, tagger->n_tags * sizeof (guint));
      memset (result->alias_stamps, 0, (tagger->aliases->len + 1) * sizeof (guint));
      result->stamp = 1;
    }

  find_hits (tagger, title, body, result);
  apply_rules (result);
  sort_hits (result->hits);

  /* A phrase that names the other meaning (the CAC 40) anywhere in the
   * story cancels its name everywhere in it. A topic's keyword inside an
   * entity's name ("Semiconductor" in Taiwan Semiconductor Manufacturing)
   * is the entity's: what it implies speaks for the topic, not its name. A rule
   * over a name and other words ("Blackwell chips") says more than the
   * name, and counts. */
  {
    const gsize *stops = (const gsize *) result->scan.stops->data;
    guint n_stops = result->scan.stops->len;
    guint stop = 0, first_stop = 0;
    gsize name_start = 0, name_end = 0;

    /* The body's sentences are counted from its first: the title's
     * stops, and the one after it, come before. */
    while (first_stop < n_stops && stops[first_stop] < result->body_start)
      first_stop++;
    result->body_sentences = n_stops - first_stop + 1;

    for (guint i = 0; i < result->hits->len; i++)
      {
        const Hit *hit = &g_array_index (result->hits, Hit, i);

        if (hit->group != G_MAXUINT && result->veto_stamps[hit->group] == result->stamp)
          continue;
        if (is_cancelled (result, hit))
          continue;
        if (!tagger->topics[hit->tag])
          {
            if (hit->end > name_end)
              {
                name_start = hit->start;
                name_end = hit->end;
              }
          }
        else if (hit->group != G_MAXUINT && hit->start >= name_start && hit->end <= name_end)
          continue;
        while (stop < n_stops && stops[stop] < hit->start)
          stop++;
        count_hit (result, hit, stop > first_stop ? stop - first_stop : 0);
      }
  }

  /* Plain names are accepted; weak ones if something vouches for them,
   * named plainly in turn. */
  n_touched = result->touched->len;
  for (guint i = 0; i < n_touched; i++)
    {
      guint tag = g_array_index (result->touched, guint, i);
      TagState *state = &result->tags[tag];

      if (tagger->topics[tag])
        continue;
      state->accepted = state->title_count + state->body_count > 0;
    }
  for (guint i = 0; i < n_touched; i++)
    {
      guint tag = g_array_index (result->touched, guint, i);
      TagState *state = &result->tags[tag];

      if (tagger->topics[tag] || state->weak_title + state->weak_body == 0)
        continue;
      if (state->accepted || weak_is_vouched (result, tag, state))
        {
          state->accepted = TRUE;
          state->title_count += state->weak_title;
          state->body_count += state->weak_body;
          for (guint w = 0; w < state->weak_aliases->len; w++)
            add_why (result, state->aliases, g_array_index (state->weak_aliases, guint, w));
        }
    }

  /* A product or a person also files the story under its company. */
  n_touched = result->touched->len;
  for (guint i = 0; i < n_touched; i++)
    {
      guint tag = g_array_index (result->touched, guint, i);
      int parent = tagger->parents[tag];
      TagState *child = &result->tags[tag];

      if (child->accepted && parent >= 0 &&
          (result->tags[parent].stamp != result->stamp || !result->tags[parent].accepted))
        {
          TagState *state_parent = touch (result, parent);

          state_parent->accepted = TRUE;
          state_parent->title_count = MAX (state_parent->title_count, child->title_count);
          state_parent->body_count = MAX (state_parent->body_count, child->body_count);
          g_array_append_vals (state_parent->aliases, child->aliases->data, child->aliases->len);
        }
    }

  /* An entity is evidence for the topics it implies: an AI chip for
   * semiconductors, a regulator for its field. */
  n_touched = result->touched->len;
  for (guint i = 0; i < n_touched; i++)
    {
      guint tag = g_array_index (result->touched, guint, i);
      GArray *implies = g_ptr_array_index (tagger->implies, tag);
      TagState *entity = &result->tags[tag];

      if (implies == NULL || !entity->accepted)
        continue;
      for (guint k = 0; k < implies->len; k++)
        {
          guint implied = g_array_index (implies, guint, k);
          TagState *topic = touch (result, implied & ~IMPLIES_ENOUGH);

          /* One piece of evidence, however many entities give it: an
           * entity alone files a story under a topic only when it is
           * about nothing else. */
          topic->implied = MAX (topic->implied, (implied & IMPLIES_ENOUGH) ? 2u : 1u);
          g_array_append_val (topic->implied_by, tag);
        }
    }

  /* Each topic scored from its evidence, then decided against the
   * threshold and against the story's strongest topic. A topic with
   * context words (its object: export controls are about technology, not
   * rice) files a story only where one of them or an entity stands. */
  {
    gboolean any_entity = FALSE;
    guint strongest = 0;

    for (guint i = 0; i < result->touched->len; i++)
      {
        guint tag = g_array_index (result->touched, guint, i);
        TagState *tag_state = &result->tags[tag];

        if (!tagger->topics[tag])
          {
            any_entity |= tag_state->accepted;
            continue;
          }
        tag_state->score = topic_word_score (tag_state) + tag_state->implied;
        strongest = MAX (strongest, tag_state->score);
      }
    result->strongest = strongest;
    result->any_entity = any_entity;
    for (guint i = 0; i < result->touched->len; i++)
      {
        guint tag = g_array_index (result->touched, guint, i);
        TagState *tag_state = &result->tags[tag];

        if (!tagger->topics[tag])
          continue;
        tag_state->rule_accepted = tag_state->score >= TOPIC_THRESHOLD &&
                                   !(topic_is_passing (tag_state) &&
                                     tag_state->score * TOPIC_DOMINANCE <= strongest) &&
                                   (!tagger->needs_context[tag] || any_entity ||
                                    result->context_stamps[tag] == result->stamp);
        tag_state->accepted = tag_state->rule_accepted;
        /* The learned decision replaces it only where the table says
         * cross-validation found it better (see dossier-tagger-weights.h):
         * otherwise the features cost nothing. */
        if (DOSSIER_TOPIC_LEARNED)
          {
            float x[DOSSIER_TOPIC_N_FEATURES];

            topic_features (result, tag, tag_state, x);
            tag_state->accepted = dossier_tagger_topic_learned_accepts (tagger, tag, x);
          }
      }
  }

  for (guint i = 0; i < result->touched->len; i++)
    {
      guint tag = g_array_index (result->touched, guint, i);
      TagState *tag_state = &result->tags[tag];
      gboolean implied = FALSE;
      DossierTagMatch match;

      if (tagger->topics[tag])
        {
          if (!tag_state->accepted)
            continue;
          /* The why list names the entities when the words alone would
           * not have filed the story. */
          implied = topic_word_score (tag_state) < TOPIC_THRESHOLD;
          if (tag_state->title_count + tag_state->body_count == 0)
            {
              /* Filed on entities alone: as often as they are named. */
              for (guint k = 0; k < tag_state->implied_by->len; k++)
                {
                  TagState *entity = &result->tags[g_array_index (tag_state->implied_by, guint, k)];

                  tag_state->title_count = MAX (tag_state->title_count, entity->title_count);
                  tag_state->body_count = MAX (tag_state->body_count, entity->body_count);
                }
            }
        }
      else if (!tag_state->accepted)
        continue;

      match.tag = tag;
      match.title_count = tag_state->title_count;
      match.body_count = tag_state->body_count;
      match.aliases = join_whys (result, tag_state->aliases, implied ? tag_state->implied_by : NULL);
      g_array_append_val (result->matches, match);
    }
  /* A story has a handful of tags: an insertion, without the calls of a
   * general sort. */
  {
    DossierTagMatch *matches = (DossierTagMatch *) result->matches->data;

    for (guint i = 1; i < result->matches->len; i++)
      {
        DossierTagMatch match = matches[i];
        guint j = i;

        while (j > 0 && compare_matches (&match, &matches[j - 1]) < 0)
          {
            matches[j] = matches[j - 1];
            j--;
          }
        matches[j] = match;
      }
  }
}

guint
dossier_tag_result_get_n_matches (DossierTagResult *result)
{
  return result->matches->len;
}

const DossierTagMatch *
dossier_tag_result_get_match (DossierTagResult *result,
                              guint             index)
{
  g_return_val_if_fail (index < result->matches->len, NULL);
  return &g_array_index (result->matches, DossierTagMatch, index);
}

const char *
dossier_tag_why_entity (const char *line)
{
  if (line != NULL && g_str_has_prefix (line, IMPLIED_MARK))
    return line + strlen (IMPLIED_MARK);
  return NULL;
}

void
dossier_tag_why_split (const char  *aliases,
                       GStrv       *names,
                       GStrv       *entities)
{
  g_auto(GStrv) lines = g_strsplit (aliases != NULL ? aliases : "", "\n", -1);
  g_autoptr(GStrvBuilder) found = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) by = g_strv_builder_new ();

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *slug = dossier_tag_why_entity (lines[i]);

      if (slug != NULL)
        g_strv_builder_add (by, slug);
      else if (lines[i][0] != '\0')
        g_strv_builder_add (found, lines[i]);
    }
  *names = g_strv_builder_end (found);
  *entities = g_strv_builder_end (by);
}

const char * const *
dossier_tagger_topic_feature_names (void)
{
  return topic_feature_names;
}

float
dossier_tagger_get_topic_bias (DossierTagger *tagger,
                               guint          tag)
{
  g_return_val_if_fail (tag < tagger->n_tags && tagger->topics[tag], 0);
  return tagger->topic_bias[tag];
}

guint
dossier_tagger_get_n_learned_topics (DossierTagger *tagger)
{
  return tagger->n_learned;
}

gboolean
dossier_tagger_topic_learned_shipped (void)
{
  return DOSSIER_TOPIC_LEARNED;
}

void
dossier_tag_result_foreach_topic (DossierTagResult         *result,
                                  DossierTopicFeaturesFunc  func,
                                  gpointer                  user_data)
{
  for (guint i = 0; i < result->touched->len; i++)
    {
      guint tag = g_array_index (result->touched, guint, i);
      const TagState *state = &result->tags[tag];
      float x[DOSSIER_TOPIC_N_FEATURES];

      if (!result->tagger->topics[tag])
        continue;
      topic_features (result, tag, state, x);
      func (tag, x, state->rule_accepted, state->accepted, user_data);
    }
}
