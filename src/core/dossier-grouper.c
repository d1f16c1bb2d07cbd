/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-grouper"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dossier-grouper.h"
#include "dossier-normalize.h"

/* How much of a story's text is read: its title and lead say what the
 * event is; the rest adds background that other events share. */
#define LEAD_BYTES        900

#define HOUR              (G_GINT64_CONSTANT (3600))
#define DAY               (24 * HOUR)
/* The same title from another feed is the same story within two days. */
#define SAME_TITLE_WINDOW (2 * DAY)
/* Coverage of one event in one language comes within three days; across
 * languages, where the evidence is thinner, within two. */
#define TEXT_WINDOW       (3 * DAY)
#define CROSS_WINDOW      (2 * DAY)
/* An event's stories all come within this of its first one: each story
 * may be near the last, but an event that grows by a day at each step is
 * a chain of the news of a season, not one event. */
#define EVENT_SPAN        DOSSIER_GROUPER_EVENT_SPAN

/* Below this many events, how many events have a name says little of
 * how distinctive it is: evidence must then be two names, codes or
 * figures, not a name and a topic. */
#define FEW_EVENTS        10

/* How many events the frequencies count: the newest, by the dates of
 * their first stories. Not every event since the grouper was made, which
 * made what a name is worth depend on when the store was last opened
 * (42 of the labelled set's 134 stories in other events when it was
 * opened anew after each): a fixed number of the newest depends on the
 * stored stories only, and a store opened anew reads them again. A number
 * rather than a span of days: a database of a few feeds holds months of
 * them, one of hundreds of feeds a few days. */
#define COUNTED_EVENTS    DOSSIER_GROUPER_COUNTED_EVENTS

/* Texts this alike are copies of one report, whatever they name. */
#define TEXT_SURE         0.75

/* Evidence in one language needs texts this alike at least. */
#define MIN_EVIDENCE_COSINE 0.10

/* How much a text's likeness counts more than a day apart. */
#define LATER_TEXT_WEIGHT 0.5

/* A word or name that this share of events has is common: no evidence
 * of one event. */
#define COMMON_RATIO      0.3

/* Near-duplicate texts have this many words in common at least: two
 * words alike ("Nvidia story 1", "Nvidia story 2") are no text to compare,
 * whatever their cosine. */
#define MIN_WORDS_SHARED  3

/* Candidates: the postings of each key nearest before the story's days
 * end (the newest, for a story newer than all), and at most this many
 * stories compared in all. */
#define MAX_POSTINGS_READ 64
/* Nor older than this before the story: a store opened anew holds the
 * stories of four days before the one it groups, and the stories compared
 * must be the same whether it was opened anew or not. Only the same link
 * reaches beyond the text window (three days). */
#define HORIZON           (4 * DAY)
#define MAX_CANDIDATES    100
/* A key brings candidates when the stories of the days around that have
 * it are of this many events at most (see collect ()). */
#define LOCAL_EVENTS      4
/* The rarest words of a story also find candidates. */
#define RARE_WORDS        8

typedef enum {
  KEY_ENTITY,
  KEY_TOPIC,
  KEY_CODE,      /* letters and digits together: H20, MI308, GPT-5 */
  KEY_NUMBER,    /* 15%, 5.5, 600, 18000 */
  KEY_LATIN,     /* a Latin-script word of three letters or more */
  KEY_WORD,      /* a content word, for texts in one language */
  KEY_FIGURE,    /* a number with a decimal point or a percent sign */
} KeyKind;

#define KEY_KIND_SHIFT 29
#define KEY_OF(kind, hash) (((guint32) (kind) << KEY_KIND_SHIFT) | ((hash) & 0x1FFFFFFFu))
#define KEY_KIND(key) ((KeyKind) ((key) >> KEY_KIND_SHIFT))

typedef enum {
  SCRIPT_OTHER,
  SCRIPT_LATIN,
  SCRIPT_ARABIC,
} Script;

/* What the grouper holds of a story: its features, worked out once, and
 * where it stands (its event) while a grouper holds it. */
struct _DossierGroupFeatures {
  gatomicrefcount ref;
  gboolean held;          /* by a grouper: its fields below are that grouper's */
  gint64   id;
  gint64   feed_id;
  gint64   time;
  gint64   lead;          /* the event's first story */
  struct _Event *event;   /* the event it is in */
  guint32  link_hash;
  guint32  title_hash;
  Script   script;
  guint32 *keys;          /* sorted, unique; every kind */
  guint    n_keys;
  guint32 *title_words;   /* sorted, unique KEY_WORDs of the title */
  guint    n_title_words;
  guint32 *title_numbers; /* sorted, unique: every number and code of the title */
  guint    n_title_numbers;
  guint32 *title_marks;   /* sorted, unique: the evidence keys its title has */
  guint    n_title_marks;
  guint32 *codes;         /* sorted, unique: every code its text writes (H20,
                           * even where the name of a product stands for it) */
  guint    n_codes;
  guint32 *title_names;   /* sorted, unique: the entities its title names, and
                           * the families of each (nvidia for nvidia-h20) */
  guint    n_title_names;
  guint32 *block;         /* the lists above, in one allocation */
  guint    kinds[9];      /* where the keys of each kind start in keys, and
                           * the end: keys sort by kind first */
  float    norm;          /* of its words' weights, as of... */
  guint    norm_at;       /* ...this many changes of the events counted */
  /* While held: the KeyInfo of each of its words (those from
   * kinds[KEY_WORD]), so that its norm is worked out again without a
   * look-up of each (with the newest 1,000 events counted, every few
   * new events make the norms of the stories compared stale). */
  guint32 *word_infos;
  /* What its keys read as, for the why of the story being added; kept
   * while it is among the stories a grouper took last (@kept: how many
   * times it is there), dropped after. */
  struct _KeyText *texts;
  guint    n_texts;
  char    *text;
  guint    kept;
};

typedef struct _DossierGroupFeatures Story;

/* A key of the story being read, and where its text is in the story's
 * texts. */
typedef struct _KeyText {
  guint32  key;
  guint    offset;
  guint    length;
} KeyText;

/* An event as the grouper holds it: its stories, the time they span, and
 * the keys of its first stories (those that stand for it when a story's
 * keys are counted). */
typedef struct _Event {
  gint64   lead;
  GArray  *members;       /* guint story indices, the first one first */
  gint64   first;
  gint64   last;
  guint32 *keys;          /* sorted: the keys of its first MAX_COUNTED members */
  guint    n_keys;
  gboolean owns_keys;     /* else they are its one member's own */
  guint32  linked;        /* the search that found it by the same link */
  guint32  search;        /* the search that last matched it... */
  guint    match;         /* ...and its match there */
  /* Its place among the events by date (grouper->ranked), and whether it
   * is among the newest, whose keys the frequencies count. */
  GSequenceIter *rank;
  gboolean counted;
} Event;

/* An event stands for itself, in the frequencies, by its first stories: a
 * large event costs no more than a few. */
#define MAX_COUNTED 32

/* What a key of the grouper has: how many of the events counted had it
 * (a burst of coverage of one event counts once, so that its own words
 * stay rare),
 * and its postings, the stories that have it (indices, in the order of
 * their dates, then of their coming). */
typedef struct {
  guint32  key;
  guint    df;
  guint   *postings;
  guint    n_postings;
  guint    cap;
  /* Those from here on came out of the order of dates (a late feed's
   * stories), appended: they go to their places when the postings are
   * next read (postings_settle ()), all at once, where each one's
   * insertion moved every posting after it (a refresh's feeds span
   * months, and a common word has thousands). */
  guint    n_sorted;
} KeyInfo;

/* A list of keys that a story's reading fills: pushed to without a
 * call for each (GArray's append was a fifth of the reading). */
typedef struct {
  guint32 *v;
  guint    n;
  guint    cap;
} KeyList;

/* Scratch of a thread that reads stories into features. */
typedef struct {
  GString *norm;
  GString *number;
  GString *code;
  KeyList  keys;
  KeyList  title_words;
  KeyList  title_numbers;
  KeyList  title_marks;
  KeyList  title_names;
  KeyList  codes;
  KeyList  dropped;       /* keys a name stands for (add_entities ()) */
  KeyList  dropped_words;
  guint    latin_words;   /* content words of the story being read */
  guint    other_words;
  GArray  *key_texts;     /* KeyText */
  GString *texts;
} Scratch;

/* How many of the stories it took last a grouper keeps the texts of
 * their keys for (some 3 KB each): those a late feed's stories take back
 * and group again, whose whys are then written from them rather than from
 * their rows read again and worked out anew (a third of them, each as
 * much work as the story's first reading). */
#define MAX_TEXTS_KEPT 2048

/* Slots of the table of the keys of the story being added, at first. */
#define LOOKUP_BITS 12

typedef struct _EventMatch EventMatch;

struct _DossierGrouper {
  GPtrArray  *stories;     /* Story *, by index; NULL once forgotten */
  GArray     *times;       /* gint64 by index: each story's time, at hand */
  GHashTable *by_id;       /* gint64 id -> index + 1 */
  /* Keys: an open-addressing table of indices (+ 1) into @infos. */
  KeyInfo    *infos;
  guint       n_infos;
  guint       infos_size;
  guint32    *slots;
  guint       n_slots;     /* a power of two */
  guint       n_seen;      /* events counted (COUNTED_EVENTS once there are as many) */
  /* The events in the order of their first stories' dates, then of their
   * leads; those from @cut on are counted. */
  GSequence     *ranked;
  GSequenceIter *cut;
  guint       n_changes;   /* events counted or no longer, ever: a norm's age */
  gint64      oldest;      /* the time of the oldest story held */
  double      log_n;       /* log (n_seen + 2), for the story being added */
  guint       n_live;
  GHashTable *apart;       /* pairs kept apart (gint64[2], smaller first) */
  GHashTable *events;      /* lead -> Event */
  /* Which stories are candidates of the story being added already: the
   * story's index marked with the number of that story's search, rather
   * than a set to fill and empty for each. */
  GArray     *candidate_marks;  /* guint32 per story index */
  guint32     search;
  GArray     *candidates;       /* guint story indices */
  /* The story being added: its keys by slot (index + 1), so that a
   * candidate's keys are looked up rather than merged with its own. */
  guint32    *lookup;
  guint       lookup_bits;
  /* Per key of the story being added, read once rather than for each of
   * its candidates: its KeyInfo (index + 1, 0 for a key no story had),
   * how many events had it, its weight, whether its title has it, how
   * many events of the days around have it in its script and in others.
   * The frequencies do not move while it is compared. */
  GArray     *key_info;    /* guint */
  GArray     *key_df;      /* guint */
  GArray     *key_idf;     /* double */
  GArray     *key_titled;  /* guint8 */
  GArray     *local_same;  /* guint8 */
  GArray     *local_other;
  /* The events its candidates are in, and for each the flags of the
   * story's keys found (shared, then titled: two bytes a key) and those
   * found at all (guint16 key indices), n_keys of each a match. */
  GArray     *matches;     /* EventMatch */
  GByteArray *match_flags;
  GArray     *match_found;
  GArray     *qualified;   /* gint64 leads */
  GArray     *mergeable;
  /* Whether debug messages are shown: formatting one for each event
   * compared costs more than comparing. */
  gboolean    debug;
  /* The stories it took last whose keys' texts it keeps, a reference
   * each, the newest last. */
  GQueue     *texts_kept;
  /* The story being held and its keys' KeyInfo indices, so that the
   * event it starts is counted without looking them up again. */
  const Story *posted_story;
  GArray     *posted;      /* guint */
  GArray     *settling;    /* guint: postings_settle ()'s scratch */
};

/* ---- Words --------------------------------------------------------------- */

/* Function words, normalised (ة as ه, أ as ا, ى as ي), that say nothing
 * about which event a text reports. */
static const char * const stop_en[] = {
  "a", "about", "after", "again", "against", "all", "also", "an", "and", "any", "are", "as",
  "at", "be", "been", "before", "being", "between", "both", "but", "by", "can", "could", "did",
  "do", "does", "down", "during", "each", "earlier", "first", "for", "from", "further", "had",
  "has", "have", "having", "he", "her", "here", "him", "his", "how", "i", "if", "in", "into",
  "is", "it", "its", "just", "last", "later", "like", "made", "make", "many", "may", "more",
  "most", "much", "must", "new", "no", "nor", "not", "now", "of", "off", "on", "once", "one",
  "only", "or", "other", "our", "out", "over", "own", "per", "said", "same", "say", "says",
  "she", "should", "since", "so", "some", "such", "than", "that", "the", "their", "them",
  "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until",
  "up", "us", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who",
  "whom", "why", "will", "with", "would", "year", "years", "you", "your", "week", "month",
  "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "according",
  "reported", "report", "told", "statement", "company", "companies", "firm", "news", "percent",
  "billion", "million", "thousand", "trillion", "dollar", "dollars", "today", "yesterday",
  NULL
};

static const char * const stop_ar[] = {
  "في", "من", "علي", "الي", "عن", "ان", "انه", "انها", "او", "ام", "ثم", "حيث", "كما", "عند",
  "بين", "حول", "خلال", "ذلك", "تلك", "هذا", "هذه", "هو", "هي", "هم", "التي", "الذي", "الذين",
  "مع", "بعد", "قبل", "كان", "كانت", "يكون", "تكون", "قد", "لقد", "لا", "لم", "لن", "ما", "ماذا",
  "وقد", "وقال", "وقالت", "قال", "قالت", "اليوم", "امس", "يوم", "ايضا", "كل", "بعض", "غير", "اي",
  "منذ", "لدي", "الا", "اذا", "لكن", "وكان", "وكانت", "فيما", "بينما", "حتي", "عبر", "نحو", "وفق",
  "وفقا", "بحسب", "حسب", "اكثر", "اقل", "شركه", "الشركه", "الشركات", "شركات", "مليار", "مليون",
  "مليارات", "ملايين", "دولار", "دولارا", "بنسبه", "نسبه", "الاثنين", "الثلاثاء", "الاربعاء",
  "الخميس", "الجمعه", "السبت", "الاحد", "العام", "عام", "الماضي", "الجاري", "المقبل", "وذلك",
  "وهي", "وهو", "ويأتي", "وياتي", "ياتي", "تاتي", "وتاتي", "الذي", "عليه", "عليها", "فيه", "فيها",
  "منه", "منها", "له", "لها", "به", "بها", "اليه", "اليها", "عنه", "عنها",
  NULL
};

static guint32
hash_bytes (const char *text,
            gsize       length)
{
  guint32 hash = 2166136261u;

  for (gsize i = 0; i < length; i++)
    hash = (hash ^ (guchar) text[i]) * 16777619u;
  return hash;
}

static gboolean
starts_with (const char *word,
             gsize       length,
             const char *prefix,
             gsize       prefix_length)
{
  /* Its last byte first (an Arabic letter's first byte is every
   * letter's): most words fail there, without a call. */
  return length >= prefix_length && word[prefix_length - 1] == prefix[prefix_length - 1] &&
         memcmp (word, prefix, prefix_length) == 0;
}

static gboolean
ends_with (const char *word,
           gsize       length,
           const char *suffix,
           gsize       suffix_length)
{
  return length >= suffix_length && word[length - 1] == suffix[suffix_length - 1] &&
         memcmp (word + length - suffix_length, suffix, suffix_length) == 0;
}

/* Light stemming, so that the same word in other clothes counts once:
 * Arabic proclitics and the commonest suffixes (each letter two bytes),
 * English plurals and verb endings. Always leaves two letters. */
static void
stem (const char **word,
      gsize       *length,
      Script       script)
{
  const char *w = *word;
  gsize n = *length;

  if (script == SCRIPT_ARABIC)
    {
      /* With their lengths, so that a word is not measured against each. */
      static const struct { const char *text; gsize length; } prefixes[] = {
        { "وال", 6 }, { "بال", 6 }, { "كال", 6 }, { "فال", 6 }, { "لل", 4 }, { "ال", 4 },
        { "و", 2 }, { "ف", 2 }, { "ب", 2 }, { "ل", 2 },
      }, suffixes[] = {
        { "ات", 4 }, { "ون", 4 }, { "ين", 4 }, { "ها", 4 }, { "هم", 4 }, { "ه", 2 }, { "ي", 2 },
      };

      for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
        {
          gsize p = prefixes[i].length;

          if (starts_with (w, n, prefixes[i].text, p) && n - p >= 6)
            {
              w += p;
              n -= p;
              break;
            }
        }
      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          gsize s = suffixes[i].length;

          if (ends_with (w, n, suffixes[i].text, s) && n - s >= 6)
            {
              n -= s;
              break;
            }
        }
    }
  else if (script == SCRIPT_LATIN)
    {
      if (n >= 6 && ends_with (w, n, "ing", 3))
        n -= 3;
      else if (n >= 5 && ends_with (w, n, "ed", 2))
        n -= 2;
      else if (n >= 5 && ends_with (w, n, "ies", 3))
        n -= 3;
      else if (n >= 4 && w[n - 1] == 's' && w[n - 2] != 's' && w[n - 2] != 'u' && w[n - 2] != 'i')
        n -= 1;
      if (n >= 4 && w[n - 1] == 'e')
        n -= 1;
    }
  *word = w;
  *length = n;
}

/* Letters and digits, with a quick answer for ASCII: most of the text
 * of an English story, and the spaces and digits of an Arabic one. */
static inline gboolean
is_alpha (gunichar ch)
{
  return ch < 0x80 ? g_ascii_isalpha (ch) : g_unichar_isalpha (ch);
}

static inline gboolean
is_alnum (gunichar ch)
{
  return ch < 0x80 ? g_ascii_isalnum (ch) : g_unichar_isalnum (ch);
}

static Script
script_of_char (gunichar ch)
{
  if (ch < 0x80)
    return g_ascii_isalpha (ch) ? SCRIPT_LATIN : SCRIPT_OTHER;
  if ((ch >= 0x0600 && ch <= 0x06FF) || (ch >= 0x0750 && ch <= 0x077F) ||
      (ch >= 0xFB50 && ch <= 0xFDFF) || (ch >= 0xFE70 && ch <= 0xFEFF))
    return SCRIPT_ARABIC;
  if (ch < 0x0250 && is_alpha (ch))
    return SCRIPT_LATIN;
  return SCRIPT_OTHER;
}


/* ---- Features ------------------------------------------------------------ */

static inline guint32
key_of_hash (KeyKind kind,
             guint32 hash)
{
  return KEY_OF (kind, hash ^ (guint32) kind * 0x9E3779B9u);
}

static guint32
make_key (KeyKind     kind,
          const char *text,
          gsize       length)
{
  return key_of_hash (kind, hash_bytes (text, length));
}

static inline void
key_list_push (KeyList *list,
               guint32  key)
{
  if (G_UNLIKELY (list->n == list->cap))
    {
      list->cap = MAX (64, list->cap * 2);
      list->v = g_renew (guint32, list->v, list->cap);
    }
  list->v[list->n++] = key;
}

/* Adds the key of @text, whose bytes hash to @hash. */
static void
add_key_hashed (Scratch    *scratch,
                KeyKind     kind,
                const char *text,
                gsize       length,
                guint32     hash,
                gboolean    in_title,
                gboolean    keep_text)
{
  guint32 key = key_of_hash (kind, hash);

  key_list_push (&scratch->keys, key);
  if (in_title && kind == KEY_WORD)
    key_list_push (&scratch->title_words, key);
  else if (in_title)
    key_list_push (&scratch->title_marks, key);
  /* Into one buffer, not a string each: most are never shown. */
  if (keep_text)
    {
      KeyText kt = { key, scratch->texts->len, length };

      g_string_append_len (scratch->texts, text, length);
      g_array_append_val (scratch->key_texts, kt);
    }
}

static void
add_key (Scratch    *scratch,
         KeyKind     kind,
         const char *text,
         gsize       length,
         gboolean    in_title,
         gboolean    keep_text)
{
  add_key_hashed (scratch, kind, text, length, hash_bytes (text, length), in_title, keep_text);
}

/* A title's numbers and codes (any value: 3, 2025, H20, 15%) name which
 * instance of a recurring thing it is: issue 3 of a series and issue 4,
 * Q2 and Q3 results, the H20 and the B30A. */
static void
note_title_number (Scratch    *scratch,
                   KeyKind     kind,
                   const char *text,
                   gsize       length,
                   gboolean    in_title)
{
  guint32 key;
  gsize cut = length;

  if (!in_title)
    return;
  /* 15% and 15 are one number. */
  if (cut > 0 && text[cut - 1] == '%')
    cut--;
  key = make_key (kind, text, cut);
  key_list_push (&scratch->title_numbers, key);
}

/* The value of a digit in any script (Arabic-Indic too), or -1. */
static int
digit_value (gunichar ch)
{
  if (ch < 0x80)
    return g_ascii_isdigit (ch) ? (int) (ch - '0') : -1;
  return g_unichar_isdigit (ch) ? g_unichar_digit_value (ch) : -1;
}

/* What reading a text asks of a character, the answers of the functions
 * above: looked up for ASCII and the Arabic block, which are nearly every
 * character of the news, rather than asked of Unicode's tables. */
typedef struct {
  gint8  digit;           /* digit_value () */
  guint8 alpha;           /* is_alpha () */
  guint8 alnum;           /* is_alnum () */
  guint8 mark;            /* a non-spacing mark */
  guint8 script;          /* script_of_char () */
} CharClass;

static CharClass ascii_classes[0x80];
static CharClass arabic_classes[0x100];   /* U+0600 to U+06FF */

static CharClass
class_of_char (gunichar ch)
{
  CharClass c;

  c.digit = (gint8) digit_value (ch);
  c.alpha = is_alpha (ch);
  c.alnum = is_alnum (ch);
  c.mark = ch >= 0x80 && g_unichar_type (ch) == G_UNICODE_NON_SPACING_MARK;
  c.script = (guint8) script_of_char (ch);
  return c;
}

static inline CharClass
char_class (gunichar ch)
{
  if (ch < 0x80)
    return ascii_classes[ch];
  if (ch - 0x0600 < 0x100)
    return arabic_classes[ch - 0x0600];
  return class_of_char (ch);
}

/* The character at *@p, and *@p moved past it: one and two bytes (ASCII,
 * Arabic) without a call. The text is normalised, valid UTF-8 and ends in
 * a NUL, so that the byte after a lead byte can be read. */
static inline gunichar
next_char (const char **p)
{
  const guchar *s = (const guchar *) *p;
  gunichar ch;

  if (s[0] < 0x80)
    {
      *p += 1;
      return s[0];
    }
  if ((s[0] & 0xE0) == 0xC0 && (s[1] & 0xC0) == 0x80)
    {
      *p += 2;
      return ((gunichar) (s[0] & 0x1F) << 6) | (s[1] & 0x3F);
    }
  ch = g_utf8_get_char (*p);
  *p = g_utf8_next_char (*p);
  return ch;
}

static inline gunichar
char_at (const char *p)
{
  return next_char (&p);
}

/* The stop words by the hash of their bytes, so that a word's hash, which
 * its key needs anyway, finds it (a copy and a GHashTable cost more than
 * the word's reading). */
#define STOP_SLOTS 1024
static const char *stop_slots[STOP_SLOTS];
static guint32 stop_hashes[STOP_SLOTS];

static void
add_stop_word (const char *word)
{
  guint32 hash = hash_bytes (word, strlen (word));
  guint s = hash & (STOP_SLOTS - 1);

  while (stop_slots[s] != NULL && strcmp (stop_slots[s], word) != 0)
    s = (s + 1) & (STOP_SLOTS - 1);
  stop_slots[s] = word;
  stop_hashes[s] = hash;
}

static gsize tables_ready;
/* log (i), for idf_of_df (). */
static double small_logs[4096];

static void
init_stop_words (void)
{
  if (g_once_init_enter (&tables_ready))
    {
      for (guint i = 0; stop_en[i] != NULL; i++)
        add_stop_word (stop_en[i]);
      for (guint i = 0; stop_ar[i] != NULL; i++)
        add_stop_word (stop_ar[i]);
      for (gunichar ch = 0; ch < G_N_ELEMENTS (ascii_classes); ch++)
        ascii_classes[ch] = class_of_char (ch);
      for (gunichar ch = 0; ch < G_N_ELEMENTS (arabic_classes); ch++)
        arabic_classes[ch] = class_of_char (0x0600 + ch);
      for (guint i = 1; i < G_N_ELEMENTS (small_logs); i++)
        small_logs[i] = log ((double) i);
      g_once_init_leave (&tables_ready, 1);
    }
}

/* Is @word (its bytes' hash_bytes () @hash) a stop word? */
static inline gboolean
is_stop_word (const char *word,
              gsize       length,
              guint32     hash)
{
  for (guint s = hash & (STOP_SLOTS - 1); stop_slots[s] != NULL; s = (s + 1) & (STOP_SLOTS - 1))
    if (stop_hashes[s] == hash && strncmp (stop_slots[s], word, length) == 0 && stop_slots[s][length] == '\0')
      return TRUE;
  return FALSE;
}

/* Reads a number at @p: digits with thousands separators and a decimal
 * point in either script. Writes its canonical ASCII form to @out and
 * returns the end. */
static const char *
read_number (const char *p,
             const char *end,
             GString    *out,
             gboolean   *decimal)
{
  gboolean after_point = FALSE;

  g_string_truncate (out, 0);
  *decimal = FALSE;
  while (p < end)
    {
      const char *next = p;
      gunichar ch = next_char (&next);
      int value = char_class (ch).digit;

      if (value >= 0)
        {
          g_string_append_c (out, (char) ('0' + value));
          p = next;
          continue;
        }
      /* A separator counts only between two digits. */
      if ((ch == '.' || ch == ',' || ch == 0x066B || ch == 0x066C) && p + 1 < end)
        {
          if (next < end && char_class (char_at (next)).digit >= 0)
            {
              if (ch == '.' || ch == 0x066B)
                {
                  if (after_point)
                    break;
                  after_point = TRUE;
                  *decimal = TRUE;
                  g_string_append_c (out, '.');
                }
              p = next;
              continue;
            }
        }
      break;
    }
  /* 5.50 is 5.5, 5.0 is 5 */
  if (*decimal)
    {
      while (out->len > 0 && out->str[out->len - 1] == '0')
        g_string_truncate (out, out->len - 1);
      if (out->len > 0 && out->str[out->len - 1] == '.')
        {
          g_string_truncate (out, out->len - 1);
          *decimal = FALSE;
        }
    }
  return p;
}

static const char *
skip_spaces (const char *p,
             const char *end)
{
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\n'))
    p++;
  return p;
}

static gboolean
word_follows (const char *p,
              const char *end,
              const char *word)
{
  gsize n = strlen (word);

  p = skip_spaces (p, end);
  return (gsize) (end - p) >= n && memcmp (p, word, n) == 0;
}

/* Reads the normalised text between @start and @end into keys. */
static void
tokenize (Scratch    *scratch,
          const char *start,
          const char *end,
          Script      script,
          gboolean    in_title)
{
  GString *number = scratch->number;
  const char *p = start;

  while (p < end)
    {
      const char *after_char = p;
      gunichar ch = next_char (&after_char);
      CharClass cc = char_class (ch);
      const char *word;
      gsize length;
      guint32 hash;
      Script word_script;
      gboolean has_digit = FALSE, has_letter = FALSE;

      if (cc.digit >= 0)
        {
          gboolean decimal;
          const char *after = read_number (p, end, number, &decimal);
          gboolean percent = FALSE;
          guint64 value;
          CharClass next = after < end ? char_class (char_at (after)) : cc;

          /* A code that starts with digits: 5G, 3nm */
          if (after < end && next.alpha && next.script == SCRIPT_LATIN)
            {
              const char *q = after;

              while (q < end)
                {
                  const char *r = q;

                  if (!char_class (next_char (&r)).alnum)
                    break;
                  q = r;
                }
              add_key (scratch, KEY_CODE, p, q - p, in_title, TRUE);
              note_title_number (scratch, KEY_CODE, p, q - p, in_title);
              p = q;
              continue;
            }
          if (after < end && (*after == '%' || g_str_has_prefix (after, "\xd9\xaa")))
            percent = TRUE;
          else if (word_follows (after, end, "percent") || word_follows (after, end, "بالمئه") ||
                   word_follows (after, end, "بالمائه") || word_follows (after, end, "في المائه") ||
                   word_follows (after, end, "في المئه"))
            percent = TRUE;
          value = g_ascii_strtoull (number->str, NULL, 10);
          if (!decimal && !percent && (word_follows (after, end, "الف") || word_follows (after, end, "الاف")))
            {
              g_string_append (number, "000");
              value *= 1000;
            }
          if (percent)
            g_string_append_c (number, '%');
          /* Small numbers and years too: they tell issue 3 from issue 4. */
          note_title_number (scratch, KEY_NUMBER, number->str, number->len, in_title);
          /* Years, days and small counts are everywhere; amounts,
           * shares and figures tell events apart. */
          if (percent || decimal)
            add_key (scratch, KEY_FIGURE, number->str, number->len, in_title, TRUE);
          else if (value >= 32 && !(value >= 1900 && value <= 2100))
            add_key (scratch, KEY_NUMBER, number->str, number->len, in_title, TRUE);
          p = after;
          continue;
        }
      if (!cc.alpha)
        {
          p = after_char;
          continue;
        }

      word = p;
      word_script = cc.script;
      while (p < end)
        {
          const char *q = p;
          CharClass c = char_class (next_char (&q));

          if (c.digit >= 0)
            has_digit = TRUE;
          else if (c.alpha || c.mark)
            {
              /* A change of script ends the word: وAMD is و and AMD. */
              if (c.alpha && c.script != word_script)
                break;
              has_letter = TRUE;
            }
          else
            break;
          p = q;
        }
      length = p - word;

      /* GPT-5, Kimi-K2: letters, a hyphen, digits make one code. */
      if (!has_digit && word_script == SCRIPT_LATIN && p + 1 < end && *p == '-' &&
          char_class (char_at (p + 1)).digit >= 0)
        {
          GString *code = g_string_assign (scratch->code, "");
          const char *q = p + 1;

          g_string_append_len (code, word, length);
          while (q < end)
            {
              const char *r = q;
              gunichar c = next_char (&r);

              if (!char_class (c).alnum)
                break;
              g_string_append_unichar (code, c);
              q = r;
            }
          add_key (scratch, KEY_CODE, code->str, code->len, in_title, TRUE);
          note_title_number (scratch, KEY_CODE, code->str, code->len, in_title);
          p = q;
          continue;
        }
      if (has_digit && has_letter && word_script == SCRIPT_LATIN)
        {
          add_key (scratch, KEY_CODE, word, length, in_title, TRUE);
          note_title_number (scratch, KEY_CODE, word, length, in_title);
          continue;
        }
      if (length < 2)
        continue;
      /* One hash of the word's bytes for the stop words and its key. */
      hash = hash_bytes (word, length);
      if (is_stop_word (word, length, hash))
        continue;
      if (word_script == SCRIPT_LATIN)
        scratch->latin_words++;
      else
        scratch->other_words++;
      /* Latin-script names carry across languages as they are written. */
      if (word_script == SCRIPT_LATIN && length >= 3)
        add_key_hashed (scratch, KEY_LATIN, word, length, hash, in_title, TRUE);
      {
        const char *stemmed = word;
        gsize stemmed_length = length;

        stem (&stemmed, &stemmed_length, word_script);
        if (stemmed != word || stemmed_length != length)
          hash = hash_bytes (stemmed, stemmed_length);
        if (stemmed_length >= 2 && !is_stop_word (stemmed, stemmed_length, hash))
          add_key_hashed (scratch, KEY_WORD, stemmed, stemmed_length, hash, in_title, FALSE);
      }
    }
}

/* @key in the sorted @keys, or NULL: a binary search without a call for
 * each comparison. */
static inline const guint32 *
find_key (const guint32 *keys,
          guint          n_keys,
          guint32        key)
{
  guint lo = 0, hi = n_keys;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (keys[mid] < key)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo < n_keys && keys[lo] == key ? &keys[lo] : NULL;
}

/* Sorts @keys in place: a quicksort that leaves short runs to an
 * insertion sort, without a call for each comparison (g_array_sort ()'s
 * merge sort with a callback was a tenth of the grouping). */
static void
sort_keys (guint32 *keys,
           guint    n)
{
  while (n > 16)
    {
      guint32 pivot = keys[n / 2], t;
      guint i = 0, j = n - 1;

      while (TRUE)
        {
          while (keys[i] < pivot)
            i++;
          while (keys[j] > pivot)
            j--;
          if (i >= j)
            break;
          t = keys[i];
          keys[i] = keys[j];
          keys[j] = t;
          i++;
          j--;
        }
      /* The smaller side by recursion, the larger in the loop. */
      if (j + 1 < n - j - 1)
        {
          sort_keys (keys, j + 1);
          keys += j + 1;
          n -= j + 1;
        }
      else
        {
          sort_keys (keys + j + 1, n - j - 1);
          n = j + 1;
        }
    }
  for (guint i = 1; i < n; i++)
    {
      guint32 key = keys[i];
      guint j = i;

      for (; j > 0 && keys[j - 1] > key; j--)
        keys[j] = keys[j - 1];
      keys[j] = key;
    }
}

/* Sorts @array and leaves each key once. */
static void
sort_unique (KeyList *list)
{
  guint out = 0;

  sort_keys (list->v, list->n);
  for (guint i = 0; i < list->n; i++)
    if (out == 0 || list->v[i] != list->v[out - 1])
      list->v[out++] = list->v[i];
  list->n = out;
}

/* A link without its scheme, "www.", query and fragment, or trailing "/". */
static guint32
link_hash (const char *link)
{
  const char *start, *end;

  if (link == NULL || *link == '\0')
    return 0;
  start = strstr (link, "://");
  start = start != NULL ? start + 3 : link;
  if (g_ascii_strncasecmp (start, "www.", 4) == 0)
    start += 4;
  end = start + strcspn (start, "?#");
  while (end > start && end[-1] == '/')
    end--;
  return end > start ? hash_bytes (start, end - start) | 1 : 0;
}

static Script
script_of_story (const DossierGroupStory *story,
                 const char              *text)
{
  guint arabic = 0, latin = 0;

  if (story->lang != NULL && story->lang[0] != '\0')
    {
      if (g_ascii_strncasecmp (story->lang, "ar", 2) == 0)
        return SCRIPT_ARABIC;
      if (g_ascii_strncasecmp (story->lang, "zh", 2) == 0 || g_ascii_strncasecmp (story->lang, "ja", 2) == 0)
        return SCRIPT_OTHER;
    }
  for (const char *p = text; *p; )
    switch ((Script) char_class (next_char (&p)).script)
      {
      case SCRIPT_ARABIC: arabic++; break;
      case SCRIPT_LATIN: latin++; break;
      default: break;
      }
  if (arabic == 0 && latin == 0)
    return SCRIPT_OTHER;
  return arabic > latin ? SCRIPT_ARABIC : SCRIPT_LATIN;
}

/* Takes the keys in the sorted @dropped out of @list. */
static void
drop_keys (KeyList       *list,
           const KeyList *dropped)
{
  guint out = 0;

  if (dropped->n == 0)
    return;
  /* Names stand for codes, words and Latin-script words only. */
  for (guint i = 0; i < list->n; i++)
    if ((KEY_KIND (list->v[i]) != KEY_CODE && KEY_KIND (list->v[i]) != KEY_WORD &&
         KEY_KIND (list->v[i]) != KEY_LATIN) ||
        find_key (dropped->v, dropped->n, list->v[i]) == NULL)
      list->v[out++] = list->v[i];
  list->n = out;
}

/* An entity's evidence counts once: a product says its company too (the
 * catalogue names products after them, nvidia-h20 under nvidia), and the
 * code H20 in the text is the product again. Nor is a name a word of the
 * text as well: two stories that name Huawei and DeepSeek have those
 * names in common as evidence, weighed as names, not as the likeness of
 * their texts. */
static void
add_entities (Scratch            *scratch,
              const char * const *entities,
              Script              script)
{
  scratch->dropped.n = 0;
  scratch->dropped_words.n = 0;
  for (guint i = 0; entities != NULL && entities[i] != NULL; i++)
    {
      const char *slug = entities[i];
      gsize length = strlen (slug);
      gboolean has_child = FALSE;

      for (guint j = 0; entities[j] != NULL && !has_child; j++)
        has_child = j != i && strncmp (entities[j], slug, length) == 0 && entities[j][length] == '-';
      if (has_child)
        continue;
      add_key (scratch, KEY_ENTITY, slug, length, FALSE, TRUE);
      /* A Latin-script text keeps the name as a word too: an Arabic text
       * that writes AMD where the tagger found no name still meets it. */
      for (const char *part = slug; ; )
        {
          gsize n = strcspn (part, "-");

          key_list_push (&scratch->dropped, make_key (KEY_CODE, part, n));
          key_list_push (&scratch->dropped, make_key (KEY_WORD, part, n));
          key_list_push (&scratch->dropped_words, make_key (KEY_WORD, part, n));
          if (script != SCRIPT_LATIN)
            key_list_push (&scratch->dropped, make_key (KEY_LATIN, part, n));
          if (part[n] == '\0')
            break;
          part += n + 1;
        }
    }
  /* All at once, each list read once. */
  sort_unique (&scratch->dropped);
  sort_unique (&scratch->dropped_words);
  drop_keys (&scratch->keys, &scratch->dropped);
  drop_keys (&scratch->title_words, &scratch->dropped_words);
}

/* The names and topics of the title, as the story's keys have them: a
 * company named in the title stands for its product found in the text
 * (Nvidia and the H20), as add_entities () keeps it. */
static void
add_title_tags (Scratch                 *scratch,
                const DossierGroupStory *input)
{
  for (guint i = 0; input->title_tags != NULL && input->title_tags[i] != NULL; i++)
    {
      const char *slug = input->title_tags[i];
      gsize length = strlen (slug);
      gboolean topic = FALSE;
      guint32 key = 0;

      for (guint j = 0; input->topics != NULL && input->topics[j] != NULL && !topic; j++)
        topic = strcmp (input->topics[j], slug) == 0;
      if (topic)
        key = make_key (KEY_TOPIC, slug, length);
      for (guint j = 0; !topic && input->entities != NULL && input->entities[j] != NULL; j++)
        {
          const char *e = input->entities[j];

          if (strcmp (e, slug) == 0 && key == 0)
            key = make_key (KEY_ENTITY, e, length);
          else if (strncmp (e, slug, length) == 0 && e[length] == '-')
            key = make_key (KEY_ENTITY, e, strlen (e));
        }
      if (key != 0)
        key_list_push (&scratch->title_marks, key);
      /* The name and its family: one title says Nvidia, another the H20. */
      for (gsize cut = length; !topic && cut > 0; cut--)
        if (cut == length || slug[cut] == '-')
          {
            key_list_push (&scratch->title_names, make_key (KEY_ENTITY, slug, cut));
          }
    }
}

static void
scratch_free (Scratch *scratch)
{
  g_string_free (scratch->norm, TRUE);
  g_string_free (scratch->number, TRUE);
  g_string_free (scratch->code, TRUE);
  g_free (scratch->keys.v);
  g_free (scratch->title_words.v);
  g_free (scratch->title_numbers.v);
  g_free (scratch->title_marks.v);
  g_free (scratch->title_names.v);
  g_free (scratch->codes.v);
  g_free (scratch->dropped.v);
  g_free (scratch->dropped_words.v);
  g_array_unref (scratch->key_texts);
  g_string_free (scratch->texts, TRUE);
  g_free (scratch);
}

/* Each thread that reads stories keeps its scratch. */
static GPrivate scratch_of_thread = G_PRIVATE_INIT ((GDestroyNotify) scratch_free);

static Scratch *
get_scratch (void)
{
  Scratch *scratch = g_private_get (&scratch_of_thread);

  if (scratch == NULL)
    {
      scratch = g_new0 (Scratch, 1);
      scratch->norm = g_string_sized_new (2048);
      scratch->number = g_string_new (NULL);
      scratch->code = g_string_new (NULL);
      scratch->key_texts = g_array_new (FALSE, FALSE, sizeof (KeyText));
      scratch->texts = g_string_sized_new (1024);
      g_private_set (&scratch_of_thread, scratch);
    }
  return scratch;
}

/* Points the story's lists into one block of @n_keys .. @n_names keys. */
static void
story_alloc_lists (Story *story,
                   guint  n_keys,
                   guint  n_words,
                   guint  n_numbers,
                   guint  n_marks,
                   guint  n_codes,
                   guint  n_names)
{
  guint32 *p = g_new (guint32, MAX (n_keys + n_words + n_numbers + n_marks + n_codes + n_names, 1));

  story->block = p;
  story->keys = p;
  story->n_keys = n_keys;
  p += n_keys;
  story->title_words = p;
  story->n_title_words = n_words;
  p += n_words;
  story->title_numbers = p;
  story->n_title_numbers = n_numbers;
  p += n_numbers;
  story->title_marks = p;
  story->n_title_marks = n_marks;
  p += n_marks;
  story->codes = p;
  story->n_codes = n_codes;
  p += n_codes;
  story->title_names = p;
  story->n_title_names = n_names;
}

static void
story_find_kinds (Story *story)
{
  guint at = 0;

  for (guint kind = 0; kind < G_N_ELEMENTS (story->kinds); kind++)
    {
      while (at < story->n_keys && KEY_KIND (story->keys[at]) < kind)
        at++;
      story->kinds[kind] = at;
    }
}

static void
copy_list (guint32       *to,
           const KeyList *from)
{
  if (from->n > 0)
    memcpy (to, from->v, from->n * sizeof (guint32));
}

static Story *
story_read (const DossierGroupStory *input)
{
  Scratch *scratch = get_scratch ();
  Story *story = g_new0 (Story, 1);
  gsize title_end, lead;
  const char *text = input->text != NULL ? input->text : "";

  init_stop_words ();
  g_atomic_ref_count_init (&story->ref);
  story->id = input->id;
  story->feed_id = input->feed_id;
  story->time = input->time;
  story->link_hash = link_hash (input->link);

  scratch->keys.n = 0;
  scratch->title_words.n = 0;
  scratch->title_numbers.n = 0;
  scratch->title_marks.n = 0;
  scratch->title_names.n = 0;
  scratch->codes.n = 0;
  scratch->latin_words = scratch->other_words = 0;
  g_array_set_size (scratch->key_texts, 0);
  g_string_truncate (scratch->texts, 0);

  g_string_truncate (scratch->norm, 0);
  if (input->title != NULL)
    dossier_normalize_append (scratch->norm, input->title, -1);
  title_end = scratch->norm->len;
  g_string_append_c (scratch->norm, '\n');
  /* The lead, cut at a character. */
  lead = strlen (text);
  if (lead > LEAD_BYTES)
    {
      lead = LEAD_BYTES;
      while (lead > 0 && (text[lead] & 0xC0) == 0x80)
        lead--;
    }
  dossier_normalize_append (scratch->norm, text, lead);

  story->script = script_of_story (input, scratch->norm->str);
  if (title_end > 0)
    {
      /* Letters and digits only, so that punctuation and quotes a feed
       * adds do not make another title. */
      guint32 hash = 2166136261u;

      for (const char *p = scratch->norm->str; p < scratch->norm->str + title_end; )
        {
          gunichar ch = next_char (&p);

          if (char_class (ch).alnum)
            hash = (hash ^ ch) * 16777619u;
        }
      story->title_hash = hash | 1;
    }

  tokenize (scratch, scratch->norm->str, scratch->norm->str + title_end, story->script, TRUE);
  tokenize (scratch, scratch->norm->str + title_end, scratch->norm->str + scratch->norm->len,
            story->script, FALSE);
  /* Latin-script words in an Arabic text are names (Nexperia, AMD), but
   * not when they are three words in ten of it or more (names are rarely
   * one in ten): that is English text (an Arabic title over an English
   * summary), its words ordinary ones. */
  if (story->script != SCRIPT_LATIN && scratch->latin_words >= 3 &&
      scratch->latin_words * 10 >= (scratch->latin_words + scratch->other_words) * 3)
    {
      guint out = 0;

      for (guint i = 0; i < scratch->keys.n; i++)
        if (KEY_KIND (scratch->keys.v[i]) != KEY_LATIN)
          scratch->keys.v[out++] = scratch->keys.v[i];
      scratch->keys.n = out;
    }
  for (guint i = 0; i < scratch->keys.n; i++)
    if (KEY_KIND (scratch->keys.v[i]) == KEY_CODE)
      key_list_push (&scratch->codes, scratch->keys.v[i]);
  add_entities (scratch, input->entities, story->script);
  for (guint i = 0; input->topics != NULL && input->topics[i] != NULL; i++)
    add_key (scratch, KEY_TOPIC, input->topics[i], strlen (input->topics[i]), FALSE, TRUE);
  add_title_tags (scratch, input);

  sort_unique (&scratch->keys);
  sort_unique (&scratch->title_words);
  sort_unique (&scratch->title_numbers);
  sort_unique (&scratch->title_marks);
  sort_unique (&scratch->codes);
  sort_unique (&scratch->title_names);
  story_alloc_lists (story, scratch->keys.n, scratch->title_words.n, scratch->title_numbers.n,
                     scratch->title_marks.n, scratch->codes.n, scratch->title_names.n);
  copy_list (story->keys, &scratch->keys);
  copy_list (story->title_words, &scratch->title_words);
  copy_list (story->title_numbers, &scratch->title_numbers);
  copy_list (story->title_marks, &scratch->title_marks);
  copy_list (story->codes, &scratch->codes);
  copy_list (story->title_names, &scratch->title_names);
  story_find_kinds (story);

  story->n_texts = scratch->key_texts->len;
  story->texts = g_memdup2 (scratch->key_texts->data, MAX (story->n_texts, 1) * sizeof (KeyText));
  story->text = g_memdup2 (scratch->texts->str, scratch->texts->len + 1);
  return story;
}

/* A story's features as another grouper may hold them: its lists, not
 * where it stood there. */
static Story *
story_copy (const Story *from)
{
  Story *story = g_new0 (Story, 1);

  g_atomic_ref_count_init (&story->ref);
  story->id = from->id;
  story->feed_id = from->feed_id;
  story->time = from->time;
  story->link_hash = from->link_hash;
  story->title_hash = from->title_hash;
  story->script = from->script;
  story_alloc_lists (story, from->n_keys, from->n_title_words, from->n_title_numbers,
                     from->n_title_marks, from->n_codes, from->n_title_names);
  memcpy (story->block, from->block,
          (from->n_keys + from->n_title_words + from->n_title_numbers + from->n_title_marks +
           from->n_codes + from->n_title_names) * sizeof (guint32));
  story_find_kinds (story);
  if (from->texts != NULL)
    {
      story->n_texts = from->n_texts;
      story->texts = g_memdup2 (from->texts, MAX (from->n_texts, 1) * sizeof (KeyText));
      story->text = g_strdup (from->text);
    }
  return story;
}

static void
story_drop_texts (Story *story)
{
  g_clear_pointer (&story->texts, g_free);
  g_clear_pointer (&story->text, g_free);
  story->n_texts = 0;
}

static void story_unref (Story *story);

/* @story (held) keeps the texts of its keys while it is among the last
 * MAX_TEXTS_KEPT stories taken; those of the oldest go. */
static void
keep_texts (DossierGrouper *grouper,
            Story          *story)
{
  if (story->texts == NULL)
    return;
  story->kept++;
  g_queue_push_tail (grouper->texts_kept, dossier_group_features_ref (story));
  while (grouper->texts_kept->length > MAX_TEXTS_KEPT)
    {
      Story *old = g_queue_pop_head (grouper->texts_kept);

      if (--old->kept == 0)
        story_drop_texts (old);
      story_unref (old);
    }
}

static void
story_unref (Story *story)
{
  if (story == NULL || !g_atomic_ref_count_dec (&story->ref))
    return;
  g_free (story->block);
  g_free (story->word_infos);
  story_drop_texts (story);
  g_free (story);
}

DossierGroupFeatures *
dossier_group_features_new (const DossierGroupStory *story)
{
  g_return_val_if_fail (story != NULL, NULL);

  return story_read (story);
}

gboolean
dossier_group_features_has_texts (DossierGroupFeatures *features)
{
  return features->texts != NULL;
}

DossierGroupFeatures *
dossier_group_features_ref (DossierGroupFeatures *features)
{
  g_atomic_ref_count_inc (&features->ref);
  return features;
}

void
dossier_group_features_unref (DossierGroupFeatures *features)
{
  story_unref (features);
}

/* ---- Keys ---------------------------------------------------------------- */

static inline guint
slot_of (guint32 key,
         guint   n_slots)
{
  guint32 h = key * 0x9E3779B1u;

  return (h ^ (h >> 16)) & (n_slots - 1);
}

/* What the grouper knows of @key, or NULL when no story had it. */
static KeyInfo *
key_info (DossierGrouper *grouper,
          guint32         key)
{
  guint mask = grouper->n_slots - 1;

  for (guint s = slot_of (key, grouper->n_slots); ; s = (s + 1) & mask)
    {
      guint32 at = grouper->slots[s];

      if (at == 0)
        return NULL;
      if (grouper->infos[at - 1].key == key)
        return &grouper->infos[at - 1];
    }
}

static void
put_slot (guint32 *slots,
          guint    n_slots,
          guint32  key,
          guint32  at)
{
  guint s = slot_of (key, n_slots);

  while (slots[s] != 0)
    s = (s + 1) & (n_slots - 1);
  slots[s] = at;
}

/* The index of @key's KeyInfo, made if it had none. */
static guint
key_info_add (DossierGrouper *grouper,
              guint32         key)
{
  guint mask = grouper->n_slots - 1;
  guint s;

  for (s = slot_of (key, grouper->n_slots); grouper->slots[s] != 0; s = (s + 1) & mask)
    if (grouper->infos[grouper->slots[s] - 1].key == key)
      return grouper->slots[s] - 1;
  if (grouper->n_infos == grouper->infos_size)
    {
      grouper->infos_size = MAX (1024, grouper->infos_size * 2);
      grouper->infos = g_renew (KeyInfo, grouper->infos, grouper->infos_size);
    }
  grouper->infos[grouper->n_infos] = (KeyInfo) { .key = key };
  grouper->n_infos++;
  /* At most half full, so that a search ends soon. */
  if (grouper->n_infos * 2 > grouper->n_slots)
    {
      guint n_slots = grouper->n_slots * 2;
      guint32 *slots = g_new0 (guint32, n_slots);

      for (guint i = 0; i < grouper->n_infos; i++)
        put_slot (slots, n_slots, grouper->infos[i].key, i + 1);
      g_free (grouper->slots);
      grouper->slots = slots;
      grouper->n_slots = n_slots;
    }
  else
    grouper->slots[s] = grouper->n_infos;
  return grouper->n_infos - 1;
}

/* ---- Scoring ------------------------------------------------------------- */

static guint
df_of (DossierGrouper *grouper,
       guint32         key)
{
  KeyInfo *info = key_info (grouper, key);

  return info != NULL ? info->df : 0;
}

/* Inverse document frequency over every story seen, smoothed so that a
 * word seen once in a small set is not everything. */
static inline double
idf_of_df (DossierGrouper *grouper,
           guint           df)
{
  df++;

  /* log (n + 2) - log (df + 1), the second from a table for the common
   * small counts (made with the stop words, before any grouper): this
   * runs for every word of every candidate. */
  return grouper->log_n - (df < G_N_ELEMENTS (small_logs) ? small_logs[df] : log ((double) df));
}

static double
idf (DossierGrouper *grouper,
     guint32         key)
{
  return idf_of_df (grouper, df_of (grouper, key));
}

/* Share of events that @df of them are. */
static double
ratio_of (DossierGrouper *grouper,
          guint           df)
{
  return grouper->n_seen > 0 ? MIN (1.0, (double) df / grouper->n_seen) : 0.0;
}

/* Share of events that had @key. */
static double
df_ratio (DossierGrouper *grouper,
          guint32         key)
{
  return ratio_of (grouper, df_of (grouper, key));
}

static inline Story *
story_at (DossierGrouper *grouper,
          guint           index)
{
  return g_ptr_array_index (grouper->stories, index);
}

/* Is posting @a after @b: by date, then in the order they came (a
 * story's index is the order of its coming)? */
static inline gboolean
posting_after (const gint64 *times,
               guint         a,
               guint         b)
{
  return times[a] > times[b] || (times[a] == times[b] && a > b);
}

/* Sorts @v by posting_after (), @tmp as large: a merge sort, whose runs
 * (each batch's stories come in the order of their dates) cost little. */
static void
sort_postings (guint        *v,
               guint         n,
               guint        *tmp,
               const gint64 *times)
{
  guint half = n / 2, i = 0, j = half, k = 0;

  if (n < 2)
    return;
  sort_postings (v, half, tmp, times);
  sort_postings (v + half, n - half, tmp, times);
  if (!posting_after (times, v[half - 1], v[half]))
    return;
  memcpy (tmp, v, n * sizeof (guint));
  while (i < half && j < n)
    v[k++] = posting_after (times, tmp[i], tmp[j]) ? tmp[j++] : tmp[i++];
  while (i < half)
    v[k++] = tmp[i++];
  while (j < n)
    v[k++] = tmp[j++];
}

/* @info's postings all in their order (see KeyInfo.n_sorted). */
static void
postings_settle (DossierGrouper *grouper,
                 KeyInfo        *info)
{
  const gint64 *times = (const gint64 *) grouper->times->data;
  guint n_tail = info->n_postings - info->n_sorted;
  guint *tail, *tmp;
  guint i, j, k;

  if (n_tail == 0)
    return;
  g_array_set_size (grouper->settling, 2 * n_tail);
  tmp = &g_array_index (grouper->settling, guint, 0);
  tail = tmp + n_tail;
  memcpy (tail, &info->postings[info->n_sorted], n_tail * sizeof (guint));
  sort_postings (tail, n_tail, tmp, times);
  /* Merged from the end, the sorted ones moved once at most, a block at
   * a time: each of the tail finds its place by a binary search, and
   * those after it move up together. */
  i = info->n_sorted;
  j = n_tail;
  k = info->n_postings;
  while (j > 0)
    {
      guint item = tail[--j];
      guint lo = i, hi = i;

      if (i > 0 && posting_after (times, info->postings[i - 1], item))
        for (lo = 0; lo < hi; )
          {
            guint mid = lo + (hi - lo) / 2;

            if (posting_after (times, info->postings[mid], item))
              hi = mid;
            else
              lo = mid + 1;
          }
      k -= i - lo;
      memmove (&info->postings[k], &info->postings[lo], (i - lo) * sizeof (guint));
      i = lo;
      info->postings[--k] = item;
    }
  info->n_sorted = info->n_postings;
}

/* How many of @info's postings are dated @time or before. */
static guint
postings_upto (DossierGrouper *grouper,
               KeyInfo        *info,
               gint64          time)
{
  const gint64 *times = (const gint64 *) grouper->times->data;
  guint lo = 0, hi;

  postings_settle (grouper, info);
  hi = info->n_postings;

  /* Most stories are newer than all before them. */
  if (hi == 0 || times[info->postings[hi - 1]] <= time)
    return hi;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (times[info->postings[mid]] <= time)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* @story (at @index) is in the postings of each of its keys; the
 * frequencies are its event's to count (add_member ()). */
static void
post_story (DossierGrouper *grouper,
            Story          *story,
            guint           index,
            const guint    *infos)
{
  g_array_set_size (grouper->posted, story->n_keys);
  grouper->posted_story = story;
  g_free (story->word_infos);
  story->word_infos = g_new (guint32, MAX (story->kinds[KEY_WORD + 1] - story->kinds[KEY_WORD], 1));
  for (guint i = 0; i < story->n_keys; i++)
    {
      guint32 key = story->keys[i];
      KeyInfo *info;
      guint at;

      /* The story just compared has its keys' KeyInfo at hand (index +
       * 1; 0 for a key no story had). */
      at = infos != NULL && infos[i] != 0 ? infos[i] - 1 : key_info_add (grouper, key);
      /* After the call, which may move the table. */
      info = &grouper->infos[at];
      g_array_index (grouper->posted, guint, i) = at;
      if (KEY_KIND (key) == KEY_WORD)
        story->word_infos[i - story->kinds[KEY_WORD]] = at;
      if (info->n_postings == info->cap)
        {
          info->cap = MAX (4, info->cap * 2);
          info->postings = g_renew (guint, info->postings, info->cap);
        }
      /* A story older than some that came before it (a late feed's)
       * goes among them by its date when they are next read: a story's
       * days are then found by date, whatever order the stories came in. */
      if (info->n_sorted == info->n_postings &&
          (info->n_postings == 0 ||
           posting_after ((const gint64 *) grouper->times->data, index, info->postings[info->n_postings - 1])))
        info->n_sorted++;
      info->postings[info->n_postings++] = index;
    }
}

static double
word_norm (DossierGrouper *grouper,
           const Story    *story)
{
  double sum = 0;
  guint t = 0;

  for (guint i = story->kinds[KEY_WORD]; i < story->kinds[KEY_WORD + 1]; i++)
    {
      guint32 key = story->keys[i];
      double w;

      w = story->word_infos != NULL ? idf_of_df (grouper, grouper->infos[story->word_infos[i - story->kinds[KEY_WORD]]].df)
                                    : idf (grouper, key);
      while (t < story->n_title_words && story->title_words[t] < key)
        t++;
      if (t < story->n_title_words && story->title_words[t] == key)
        w *= 2;
      sum += w * w;
    }
  return sqrt (sum);
}

/* A story's norm, computed again when the events counted have changed
 * by more than a sixty-fourth since: cheap for a large database, exact
 * for a small one. */
static double
norm_of (DossierGrouper *grouper,
         Story          *story)
{
  if (story->norm_at == 0 || grouper->n_changes - story->norm_at > grouper->n_seen / 64)
    {
      story->norm = (float) word_norm (grouper, story);
      story->norm_at = grouper->n_changes;
    }
  return story->norm;
}

static gboolean
same_keys (const guint32 *a,
           guint          n_a,
           const guint32 *b,
           guint          n_b)
{
  return n_a == n_b && (n_a == 0 || memcmp (a, b, n_a * sizeof (guint32)) == 0);
}

/* Are @a and @b two issues of one feed's series: the same words in their
 * titles, other numbers ("Daily briefing: 20 July", "... 21 July";
 * "Update number 3", "... number 4")? Then they are two instances of
 * something, however alike their texts. Other outlets may well give one
 * event other figures ($600B and $600 billion, 17%), so only one feed's
 * titles are read this way. */
static gboolean
series_issues (const Story *a,
               const Story *b)
{
  return a->feed_id == b->feed_id && a->n_title_words > 0 &&
         (a->n_title_numbers > 0 || b->n_title_numbers > 0) &&
         same_keys (a->title_words, a->n_title_words, b->title_words, b->n_title_words) &&
         !same_keys (a->title_numbers, a->n_title_numbers, b->title_numbers, b->n_title_numbers);
}

static double df_ratio (DossierGrouper *grouper, guint32 key);
static inline int lookup_key (const DossierGrouper *grouper, const Story *story, guint32 key);

/* Do the titles have a word, a number or a code in common? A word that
 * most events have ("Nvidia", "China" in a database that follows them)
 * says nothing: two stories of one week about Nvidia share it and the
 * background their texts repeat, and are not one event for that.
 * @locally: nor a word that two other events of those days have in
 * their titles (stories of one kind are worded alike: "... signs chip
 * cooperation pact with ...", "... fined by the European Commission").
 * @a is the story being added. */
static gboolean
titles_meet (DossierGrouper *grouper,
             const Story    *a,
             const Story    *b,
             gboolean        locally)
{
  for (guint i = 0; i < a->n_title_words; i++)
    {
      guint32 word = a->title_words[i];
      int at;

      if (find_key (b->title_words, b->n_title_words, word) == NULL ||
          (grouper->n_seen >= FEW_EVENTS && df_ratio (grouper, word) >= COMMON_RATIO))
        continue;
      /* The title's words are among its keys. */
      at = locally ? lookup_key (grouper, a, word) : -1;
      if (!locally || (at >= 0 && g_array_index (grouper->local_same, guint8, at) <= 2))
        return TRUE;
    }
  for (guint i = 0; i < a->n_title_numbers; i++)
    if (find_key (b->title_numbers, b->n_title_numbers, a->title_numbers[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* Do the titles name others: each names a company, an agency or a
 * product the catalogue knows, and none that the other names? Two reports
 * of one event name its actor; two stories of one kind worded alike
 * ("Huawei picks Malaysia for $7 billion plant", "SenseTime picks India
 * for...") name each its own. */
static gboolean
titles_name_others (const Story *a,
                    const Story *b)
{
  if (a->n_title_names == 0 || b->n_title_names == 0)
    return FALSE;
  for (guint i = 0; i < a->n_title_names; i++)
    if (find_key (b->title_names, b->n_title_names, a->title_names[i]) != NULL)
      return FALSE;
  return TRUE;
}

/* Do the titles give other numbers or codes: each has some, and none the
 * other has? "Moore Threads sales beat forecasts on M889 demand" and
 * "Moore Threads cuts 2400 jobs as SX-297 demand slows" are two events.
 * Only in one script: an Arabic title spells the H20 "إتش 20". */
static gboolean
titles_number_others (const Story *a,
                      const Story *b)
{
  if (a->script != b->script || a->n_title_numbers == 0 || b->n_title_numbers == 0)
    return FALSE;
  for (guint i = 0; i < a->n_title_numbers; i++)
    if (find_key (b->title_numbers, b->n_title_numbers, a->title_numbers[i]) != NULL)
      return FALSE;
  return TRUE;
}

/* Is @a's title about a product or model that @b never names, while @b
 * names another that @a never names? "Aleph Alpha replaces faulty A59
 * boards" is not the story that names only the N169. */
static gboolean
codes_differ (const Story *a,
              const Story *b)
{
  gboolean a_only = FALSE;

  if (b->n_codes == 0)
    return FALSE;
  for (guint i = 0; i < a->n_title_marks && !a_only; i++)
    a_only = KEY_KIND (a->title_marks[i]) == KEY_CODE && find_key (b->codes, b->n_codes, a->title_marks[i]) == NULL;
  if (!a_only)
    return FALSE;
  for (guint i = 0; i < b->n_codes; i++)
    if (find_key (a->codes, a->n_codes, b->codes[i]) != NULL)
      return FALSE;
  return TRUE;
}

/* Do the keys of @a from @i to @a_end and those of @b from @j to @b_end
 * (each sorted) have one in common? */
static gboolean
keys_meet (const Story *a,
           guint        i,
           guint        a_end,
           const Story *b,
           guint        j,
           guint        b_end)
{
  while (i < a_end && j < b_end)
    {
      if (a->keys[i] == b->keys[j])
        return TRUE;
      if (a->keys[i] < b->keys[j])
        i++;
      else
        j++;
    }
  return FALSE;
}

/* Do the texts give other figures or codes: each has some, and none the
 * other has? Two reports of one news item in one language repeat its
 * amounts and its product's name; two stories of one kind worded alike
 * ("... to train 45,000 engineers in India", "... 22,000 engineers in
 * Vietnam") each give their own. */
static gboolean
texts_number_others (const Story *a,
                     const Story *b)
{
  gboolean a_has = FALSE, b_has = FALSE;

  if (a->script != b->script)
    return FALSE;
  /* Codes and numbers sort together by kind (KEY_CODE, KEY_NUMBER), then
   * the figures (KEY_FIGURE): two runs of each list. */
  for (guint run = 0; run < 2; run++)
    {
      guint a_end = run == 0 ? a->kinds[KEY_NUMBER + 1] : a->kinds[KEY_FIGURE + 1];
      guint b_end = run == 0 ? b->kinds[KEY_NUMBER + 1] : b->kinds[KEY_FIGURE + 1];
      guint i = run == 0 ? a->kinds[KEY_CODE] : a->kinds[KEY_FIGURE];
      guint j = run == 0 ? b->kinds[KEY_CODE] : b->kinds[KEY_FIGURE];

      a_has = a_has || i < a_end;
      b_has = b_has || j < b_end;
      if (keys_meet (a, i, a_end, b, j, b_end))
        return FALSE;
    }
  return a_has && b_has;
}

/* Do the texts name other codes: each has some, and none the other
 * has (in any script: a code is written in Latin letters and digits)? */
static gboolean
texts_code_others (const Story *a,
                   const Story *b)
{
  guint i = a->kinds[KEY_CODE], j = b->kinds[KEY_CODE];
  guint a_end = a->kinds[KEY_CODE + 1], b_end = b->kinds[KEY_CODE + 1];

  return i < a_end && j < b_end && !keys_meet (a, i, a_end, b, j, b_end);
}

typedef struct {
  double  cosine;         /* of the words, one language */
  guint   words;          /* words in common, one language */
  double  evidence;       /* weighted shared evidence */
  guint   strong;         /* distinctive evidence in common */
  guint   named;          /* of which names and codes */
  guint   specific;       /* of which names, codes and figures (not topics) */
  guint   catalogued;     /* of which names the catalogue knows */
  guint   numbers;        /* amounts and counts no other event of those days has */
  guint   items;          /* all evidence items in common */
} PairScore;

/* Is a shared key specific evidence of one event? Names and codes that a
 * large share of all stories carry (Nvidia in a tech-policy database) are
 * not; numbers must be rarer still. */
/* Is a shared key specific evidence of one event? It is when no other
 * event of the same days has it: the H20 on the day the CAC summoned
 * Nvidia, but not in the week when four H20 stories broke. Names that a
 * large share of all events carry (Nvidia, in a database that follows
 * it) never are; a handful of events are too few to tell. */
static void
weigh_evidence (DossierGrouper *grouper,
                guint32         key,
                guint           df,
                guint           local_events,
                PairScore      *score)
{
  double ratio = ratio_of (grouper, df);
  gboolean rare = grouper->n_seen < FEW_EVENTS || ratio < COMMON_RATIO;
  /* One news item often starts as two or three events (two wires, two
   * languages) before a story bridges them. */
  gboolean local = local_events <= 2;

  switch (KEY_KIND (key))
    {
    case KEY_ENTITY:
    case KEY_CODE:
    case KEY_FIGURE:
      /* A figure (5.5 billion, 15%) is as specific as a name. */
      score->items++;
      if (rare && local)
        {
          score->strong++;
          score->specific++;
          score->evidence += 2.0;
          if (KEY_KIND (key) != KEY_FIGURE)
            score->named++;
          if (KEY_KIND (key) == KEY_ENTITY)
            score->catalogued++;
        }
      else
        score->evidence += 0.5;
      break;
    case KEY_NUMBER:
      if (local)
        {
          score->items++;
          score->numbers++;
          score->evidence += 1.0;
        }
      break;
    case KEY_LATIN:
      /* Only weighed across scripts: a Latin-script word in an Arabic
       * text is a name (Nexperia, Wingtech), as telling as a code. */
      if (local && (grouper->n_seen < 20 || ratio < 0.05))
        {
          score->items++;
          score->strong++;
          score->specific++;
          score->named++;
          score->evidence += 1.5;
        }
      break;
    case KEY_TOPIC:
      /* A topic no other event of those days has (rare earths, amid
       * chips and tariffs) is evidence; the everyday ones are not. */
      if (local && ratio < 0.3)
        {
          score->strong++;
          score->evidence += 1.5;
        }
      else
        score->evidence += 0.25;
      break;
    case KEY_WORD:
    default:
      break;
    }
}

/* How many events of the days around @story have each of its evidence
 * keys (0 to 2, or 3 for more), among stories of its own script into
 * grouper->local_same and of others into grouper->local_other: an
 * English event and an Arabic one that are the same news are apart until
 * a story bridges them, and must not make each other's evidence common. */
static void
count_local_events (DossierGrouper *grouper,
                    const Story    *story)
{
  g_array_set_size (grouper->local_same, story->n_keys);
  g_array_set_size (grouper->local_other, story->n_keys);
  for (guint i = 0; i < story->n_keys; i++)
    {
      guint32 key = story->keys[i];
      guint at = g_array_index (grouper->key_info, guint, i);
      KeyInfo *info;
      gint64 seen[2][2] = { { 0, 0 }, { 0, 0 } };
      guint8 count[2] = { 0, 0 };
      guint read = 0;

      g_array_index (grouper->local_same, guint8, i) = 0;
      g_array_index (grouper->local_other, guint8, i) = 0;
      /* Words are weighed by frequency, but for the title's (see
       * titles_meet ()); a Latin-script text's Latin words are its words
       * (only an Arabic text's are names). */
      if (at == 0 || (KEY_KIND (key) == KEY_WORD && !g_array_index (grouper->key_titled, guint8, i)) ||
          (KEY_KIND (key) == KEY_LATIN && story->script == SCRIPT_LATIN))
        continue;
      info = &grouper->infos[at - 1];
      /* The stories of the days around, the latest first. */
      for (guint j = postings_upto (grouper, info, story->time + CROSS_WINDOW); j > 0 && read < MAX_POSTINGS_READ; j--)
        {
          guint index = info->postings[j - 1];
          gint64 time = g_array_index (grouper->times, gint64, index);
          const Story *other;
          int side;

          if (time < story->time - CROSS_WINDOW)
            break;
          other = story_at (grouper, index);
          read++;
          side = other->script == story->script ? 0 : 1;
          if (count[side] < 3 && other->lead != seen[side][0] && other->lead != seen[side][1])
            {
              if (count[side] < 2)
                seen[side][count[side]] = other->lead;
              count[side]++;
            }
          if (count[0] == 3 && count[1] == 3)
            break;
        }
      g_array_index (grouper->local_same, guint8, i) = count[0];
      g_array_index (grouper->local_other, guint8, i) = count[1];
    }
}

/* The index of @key among the keys of the story being added, or -1: its
 * slot table, rather than a walk through both lists of keys. */
static inline int
lookup_key (const DossierGrouper *grouper,
            const Story          *story,
            guint32               key)
{
  guint32 h = key * 0x9E3779B1u;
  guint mask = (1u << grouper->lookup_bits) - 1;

  for (guint s = h >> (32 - grouper->lookup_bits); ; s = (s + 1) & mask)
    {
      guint at = grouper->lookup[s];

      if (at == 0)
        return -1;
      if (story->keys[at - 1] == key)
        return (int) at - 1;
    }
}

/* The flags of @match: shared[i] says that a story of its event has the
 * new story's key i (1 in the same script, 2 in another), titled[i] that
 * both titles have it; found lists the keys shared, once each. */
struct _EventMatch {
  gint64            lead;
  Event            *event;
  const Story      *by_rule;      /* the same link or title */
  DossierGroupRule  rule;
  const Story      *by_text;      /* the closest text in the same script */
  double            cosine;
  const Story      *by_own_text;  /* the same, of titles that meet locally */
  double            own_cosine;
  double            same_cosine;  /* the closest text in the same script, any */
  gboolean          same_script;  /* it has a story in the same script */
  const Story      *by_evidence;  /* the story sharing the most evidence */
  guint             most_shared;
  gint64            nearest;      /* the closest story sharing evidence */
  guint             flags;        /* offset of shared, then titled, in match_flags */
  guint             found;        /* offset of found in match_found */
  guint             n_found;
  gboolean          blocked;
};

static inline guint8 *
match_shared (DossierGrouper   *grouper,
              const EventMatch *match)
{
  return grouper->match_flags->data + match->flags;
}

static inline guint8 *
match_titled (DossierGrouper   *grouper,
              const EventMatch *match,
              const Story      *story)
{
  return grouper->match_flags->data + match->flags + story->n_keys;
}

static inline guint *
match_found (DossierGrouper   *grouper,
             const EventMatch *match)
{
  return &g_array_index (grouper->match_found, guint, match->found);
}

/* What @a, the story being added, and @b have in common; @match, when
 * given, notes the evidence keys shared. @b's keys are looked up in @a's
 * slot table, in their order (the order of the sums, as a walk through
 * both lists had it), those of the kinds that count only: words in one
 * script, Latin-script words across scripts (names there). */
static PairScore
score_pair (DossierGrouper *grouper,
            const Story    *a,
            double          a_norm,
            const Story    *b,
            double          b_norm,
            EventMatch     *match,
            guint          *n_shared)
{
  PairScore score = { 0 };
  gboolean same_script = a->script == b->script;
  guint8 *shared = match != NULL ? match_shared (grouper, match) : NULL;
  double dot = 0;
  guint t = 0;
  KeyKind skipped = same_script ? KEY_LATIN : KEY_WORD;
  guint skip_start = b->kinds[skipped], skip_end = b->kinds[skipped + 1];

  for (guint j = 0; j < b->n_keys; j++)
    {
      guint32 x = b->keys[j];
      int i;

      if (j >= skip_start && j < skip_end)
        {
          j = skip_end - 1;
          continue;
        }
      i = lookup_key (grouper, a, x);
      if (i < 0)
        continue;
      if (KEY_KIND (x) == KEY_WORD)
        {
          if (same_script)
            {
              /* @a is the story being added: its weights are read. */
              double w = g_array_index (grouper->key_idf, double, i);
              gboolean b_titled;

              /* @b's title words are among its keys, in the same order. */
              while (t < b->n_title_words && b->title_words[t] < x)
                t++;
              b_titled = t < b->n_title_words && b->title_words[t] == x;
              dot += (w * (g_array_index (grouper->key_titled, guint8, i) ? 2 : 1)) * (w * (b_titled ? 2 : 1));
              score.words++;
            }
        }
      /* Latin words of one script are already its words. */
      else if (KEY_KIND (x) != KEY_LATIN || !same_script)
        {
          weigh_evidence (grouper, x, g_array_index (grouper->key_df, guint, i),
                          g_array_index (same_script ? grouper->local_same : grouper->local_other, guint8, i),
                          &score);
          if (shared != NULL)
            {
              if (shared[i] == 0)
                match_found (grouper, match)[match->n_found++] = (guint) i;
              shared[i] |= same_script ? 1 : 2;
            }
          (*n_shared)++;
        }
    }
  if (same_script && a_norm > 0 && b_norm > 0)
    score.cosine = dot / (a_norm * b_norm);
  return score;
}

/* What the frequencies say of the keys of @story, the story being added,
 * and its slot table. */
static void
read_keys (DossierGrouper *grouper,
           const Story    *story)
{
  guint mask;

  /* At most half full (a title may be long). */
  while (story->n_keys * 2 > (1u << grouper->lookup_bits))
    {
      grouper->lookup_bits++;
      g_free (grouper->lookup);
      grouper->lookup = g_new0 (guint32, 1u << grouper->lookup_bits);
    }
  mask = (1u << grouper->lookup_bits) - 1;
  g_array_set_size (grouper->key_info, story->n_keys);
  g_array_set_size (grouper->key_df, story->n_keys);
  g_array_set_size (grouper->key_idf, story->n_keys);
  g_array_set_size (grouper->key_titled, story->n_keys);
  for (guint i = 0, t = 0; i < story->n_keys; i++)
    {
      guint32 key = story->keys[i];
      KeyInfo *info = key_info (grouper, key);
      guint32 h = key * 0x9E3779B1u;
      guint s;

      /* The title's words are among the keys, in the same order. */
      while (t < story->n_title_words && story->title_words[t] < key)
        t++;

      g_array_index (grouper->key_info, guint, i) = info != NULL ? (guint) (info - grouper->infos) + 1 : 0;
      g_array_index (grouper->key_df, guint, i) = info != NULL ? info->df : 0;
      g_array_index (grouper->key_idf, double, i) = idf_of_df (grouper, info != NULL ? info->df : 0);
      g_array_index (grouper->key_titled, guint8, i) = t < story->n_title_words && story->title_words[t] == key;
      for (s = h >> (32 - grouper->lookup_bits); grouper->lookup[s] != 0; s = (s + 1) & mask)
        ;
      grouper->lookup[s] = i + 1;
    }
}

/* Empties the slot table of @story. */
static void
clear_lookup (DossierGrouper *grouper,
              const Story    *story)
{
  guint mask = (1u << grouper->lookup_bits) - 1;

  for (guint i = 0; i < story->n_keys; i++)
    {
      guint32 h = story->keys[i] * 0x9E3779B1u;

      /* A slot taken by another key after this one's is still found from
       * its own start: each is emptied where it is. */
      for (guint s = h >> (32 - grouper->lookup_bits); ; s = (s + 1) & mask)
        if (grouper->lookup[s] == i + 1)
          {
            grouper->lookup[s] = 0;
            break;
          }
    }
}

/* ---- The grouper --------------------------------------------------------- */

static guint
pair_hash (gconstpointer data)
{
  const gint64 *pair = data;

  return g_int64_hash (&pair[0]) * 31 + g_int64_hash (&pair[1]);
}

static gboolean
pair_equal (gconstpointer a,
            gconstpointer b)
{
  const gint64 *x = a, *y = b;

  return x[0] == y[0] && x[1] == y[1];
}

static void
event_free (Event *event)
{
  g_array_unref (event->members);
  if (event->owns_keys)
    g_free (event->keys);
  g_free (event);
}

DossierGrouper *
dossier_grouper_new (void)
{
  DossierGrouper *grouper = g_new0 (DossierGrouper, 1);

  init_stop_words ();
  grouper->stories = g_ptr_array_new ();
  grouper->times = g_array_new (FALSE, FALSE, sizeof (gint64));
  grouper->oldest = G_MAXINT64;
  grouper->by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  grouper->n_slots = 1024;
  grouper->slots = g_new0 (guint32, grouper->n_slots);
  grouper->apart = g_hash_table_new_full (pair_hash, pair_equal, g_free, NULL);
  grouper->events = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) event_free);
  grouper->ranked = g_sequence_new (NULL);
  grouper->texts_kept = g_queue_new ();
  grouper->posted = g_array_new (FALSE, FALSE, sizeof (guint));
  grouper->settling = g_array_new (FALSE, FALSE, sizeof (guint));
  grouper->cut = g_sequence_get_end_iter (grouper->ranked);
  grouper->candidate_marks = g_array_new (FALSE, TRUE, sizeof (guint32));
  grouper->candidates = g_array_new (FALSE, FALSE, sizeof (guint));
  grouper->lookup_bits = LOOKUP_BITS;
  grouper->lookup = g_new0 (guint32, 1u << LOOKUP_BITS);
  grouper->key_info = g_array_new (FALSE, TRUE, sizeof (guint));
  grouper->key_df = g_array_new (FALSE, TRUE, sizeof (guint));
  grouper->key_idf = g_array_new (FALSE, TRUE, sizeof (double));
  grouper->key_titled = g_array_new (FALSE, TRUE, sizeof (guint8));
  grouper->local_same = g_array_new (FALSE, TRUE, sizeof (guint8));
  grouper->local_other = g_array_new (FALSE, TRUE, sizeof (guint8));
  grouper->matches = g_array_new (FALSE, FALSE, sizeof (EventMatch));
  grouper->match_flags = g_byte_array_new ();
  grouper->match_found = g_array_new (FALSE, FALSE, sizeof (guint));
  grouper->qualified = g_array_new (FALSE, FALSE, sizeof (gint64));
  grouper->mergeable = g_array_new (FALSE, FALSE, sizeof (gint64));
  grouper->debug = !g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN);
  return grouper;
}

/* @story is no longer this grouper's. */
static void
story_release (Story *story)
{
  story->held = FALSE;
  story->event = NULL;
  g_clear_pointer (&story->word_infos, g_free);
  story_unref (story);
}

void
dossier_grouper_free (DossierGrouper *grouper)
{
  if (grouper == NULL)
    return;
  for (guint i = 0; i < grouper->stories->len; i++)
    if (g_ptr_array_index (grouper->stories, i) != NULL)
      story_release (g_ptr_array_index (grouper->stories, i));
  g_ptr_array_unref (grouper->stories);
  g_queue_free_full (grouper->texts_kept, (GDestroyNotify) story_unref);
  g_array_unref (grouper->posted);
  g_array_unref (grouper->settling);
  g_array_unref (grouper->times);
  g_hash_table_unref (grouper->by_id);
  for (guint i = 0; i < grouper->n_infos; i++)
    g_free (grouper->infos[i].postings);
  g_free (grouper->infos);
  g_free (grouper->slots);
  g_hash_table_unref (grouper->apart);
  /* The events, not the ranks, own them. */
  g_sequence_free (grouper->ranked);
  g_hash_table_unref (grouper->events);
  g_array_unref (grouper->candidate_marks);
  g_array_unref (grouper->candidates);
  g_free (grouper->lookup);
  g_array_unref (grouper->key_info);
  g_array_unref (grouper->key_df);
  g_array_unref (grouper->key_idf);
  g_array_unref (grouper->key_titled);
  g_array_unref (grouper->local_same);
  g_array_unref (grouper->local_other);
  g_array_unref (grouper->matches);
  g_byte_array_unref (grouper->match_flags);
  g_array_unref (grouper->match_found);
  g_array_unref (grouper->qualified);
  g_array_unref (grouper->mergeable);
  g_free (grouper);
}

guint
dossier_grouper_get_n_stories (DossierGrouper *grouper)
{
  return grouper->n_live;
}

gint64
dossier_grouper_get_oldest (DossierGrouper *grouper)
{
  return grouper->oldest;
}

gint64
dossier_grouper_get_counted_from (DossierGrouper *grouper)
{
  /* Fewer than it counts at most: every event, and older ones would be. */
  if (grouper->n_seen < COUNTED_EVENTS)
    return G_MININT64;
  return ((const Event *) g_sequence_get (grouper->cut))->first;
}

void
dossier_grouper_keep_apart (DossierGrouper *grouper,
                            gint64          a,
                            gint64          b)
{
  gint64 *pair = g_new (gint64, 2);

  pair[0] = MIN (a, b);
  pair[1] = MAX (a, b);
  g_hash_table_add (grouper->apart, pair);
}

static gboolean
kept_apart (DossierGrouper *grouper,
            gint64          a,
            gint64          b)
{
  gint64 pair[2] = { MIN (a, b), MAX (a, b) };

  return g_hash_table_size (grouper->apart) > 0 && g_hash_table_contains (grouper->apart, pair);
}

static Event *
event_of (DossierGrouper *grouper,
          gint64          lead)
{
  return g_hash_table_lookup (grouper->events, &lead);
}

/* @event's keys count in the frequencies (@count), or no longer. */
static void
event_count (DossierGrouper *grouper,
             Event          *event,
             gboolean        count)
{
  const Story *posted = grouper->posted_story;

  /* The event the story being held starts: its keys' places are known. */
  if (count && posted != NULL && event->keys == posted->keys && event->n_keys == posted->n_keys)
    {
      for (guint i = 0; i < event->n_keys; i++)
        grouper->infos[g_array_index (grouper->posted, guint, i)].df++;
    }
  else
    {
      for (guint i = 0; i < event->n_keys; i++)
        if (count)
          grouper->infos[key_info_add (grouper, event->keys[i])].df++;
        else
          {
            KeyInfo *info = key_info (grouper, event->keys[i]);

            if (info != NULL && info->df > 0)
              info->df--;
          }
    }
  event->counted = count;
  if (count)
    grouper->n_seen++;
  else
    grouper->n_seen--;
  grouper->n_changes++;
}

static int
rank_compare (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const Event *x = a, *y = b;

  if (x->first != y->first)
    return x->first < y->first ? -1 : 1;
  return x->lead < y->lead ? -1 : x->lead > y->lead;
}

/* The COUNTED_EVENTS newest events are counted, and no others. */
static void
rank_balance (DossierGrouper *grouper)
{
  while (grouper->n_seen > COUNTED_EVENTS)
    {
      event_count (grouper, g_sequence_get (grouper->cut), FALSE);
      grouper->cut = g_sequence_iter_next (grouper->cut);
    }
  while (grouper->n_seen < COUNTED_EVENTS && !g_sequence_iter_is_begin (grouper->cut))
    {
      grouper->cut = g_sequence_iter_prev (grouper->cut);
      event_count (grouper, g_sequence_get (grouper->cut), TRUE);
    }
}

/* @event takes its place by its first story's date: counted when it is
 * among the newest. */
static void
rank_insert (DossierGrouper *grouper,
             Event          *event)
{
  event->rank = g_sequence_insert_sorted (grouper->ranked, event, rank_compare, NULL);
  if (g_sequence_iter_is_end (grouper->cut))
    {
      grouper->cut = event->rank;
      event_count (grouper, event, TRUE);
    }
  else if (rank_compare (event, g_sequence_get (grouper->cut), NULL) > 0)
    event_count (grouper, event, TRUE);
  rank_balance (grouper);
}

/* @event leaves the ranks (and the frequencies); rank_balance () then
 * counts the next older one. */
static void
rank_remove (DossierGrouper *grouper,
             Event          *event)
{
  if (event->rank == NULL)
    return;
  if (event->counted)
    event_count (grouper, event, FALSE);
  if (grouper->cut == event->rank)
    grouper->cut = g_sequence_iter_next (event->rank);
  g_sequence_remove (event->rank);
  event->rank = NULL;
}

/* @story's keys join those that stand for @event; the frequencies count
 * those it did not have when the event is counted. */
static void
event_count_keys (DossierGrouper *grouper,
                  Event          *event,
                  const Story    *story)
{
  guint32 *keys;
  guint i = 0, j = 0, n = 0;

  /* Its first story's own, until there are two. */
  if (event->keys == NULL)
    {
      event->keys = story->keys;
      event->n_keys = story->n_keys;
      event->owns_keys = FALSE;
      for (guint k = 0; event->counted && k < event->n_keys; k++)
        grouper->infos[key_info_add (grouper, event->keys[k])].df++;
      return;
    }
  keys = g_new (guint32, MAX (event->n_keys + story->n_keys, 1));
  while (i < event->n_keys || j < story->n_keys)
    {
      if (j == story->n_keys || (i < event->n_keys && event->keys[i] < story->keys[j]))
        keys[n++] = event->keys[i++];
      else if (i == event->n_keys || story->keys[j] < event->keys[i])
        {
          if (event->counted)
            grouper->infos[key_info_add (grouper, story->keys[j])].df++;
          keys[n++] = story->keys[j++];
        }
      else
        {
          keys[n++] = event->keys[i++];
          j++;
        }
    }
  if (event->owns_keys)
    g_free (event->keys);
  event->keys = keys;
  event->n_keys = n;
  event->owns_keys = TRUE;
}

/* @event as its stories still held make it (some were taken back or
 * forgotten): its dates, its place among the events, the keys of its
 * first stories. */
static void
event_recount (DossierGrouper *grouper,
               Event          *event)
{
  rank_remove (grouper, event);
  if (event->owns_keys)
    g_free (event->keys);
  event->keys = NULL;
  event->n_keys = 0;
  event->owns_keys = FALSE;
  event->first = G_MAXINT64;
  event->last = G_MININT64;
  for (guint m = 0; m < event->members->len; m++)
    {
      const Story *member = story_at (grouper, g_array_index (event->members, guint, m));

      if (member == NULL)
        continue;
      event->first = MIN (event->first, member->time);
      event->last = MAX (event->last, member->time);
      if (m < MAX_COUNTED)
        event_count_keys (grouper, event, member);
    }
  rank_insert (grouper, event);
}

/* @event leaves the grouper. */
static void
event_remove (DossierGrouper *grouper,
              Event          *event)
{
  rank_remove (grouper, event);
  rank_balance (grouper);
  g_hash_table_remove (grouper->events, &event->lead);
}

static void
add_member (DossierGrouper *grouper,
            gint64          lead,
            guint           index)
{
  Event *event = event_of (grouper, lead);
  Story *story = story_at (grouper, index);

  if (event == NULL)
    {
      event = g_new0 (Event, 1);
      event->lead = lead;
      event->members = g_array_new (FALSE, FALSE, sizeof (guint));
      event->first = story->time;
      event->last = story->time;
      g_hash_table_insert (grouper->events, &event->lead, event);
      g_array_append_val (event->members, index);
      story->event = event;
      event_count_keys (grouper, event, story);
      rank_insert (grouper, event);
      return;
    }
  g_array_append_val (event->members, index);
  story->event = event;
  event->last = MAX (event->last, story->time);
  if (event->members->len <= MAX_COUNTED)
    event_count_keys (grouper, event, story);
  /* A story older than its first: the event's place among the events
   * moves with its date. */
  if (story->time < event->first)
    {
      rank_remove (grouper, event);
      event->first = story->time;
      rank_insert (grouper, event);
    }
}

/* The stories of @from's event follow @into from now on: the frequencies
 * count one event fewer, and the next older one if there are enough. */
static void
merge_events (DossierGrouper *grouper,
              gint64          into,
              gint64          from)
{
  Event *event = event_of (grouper, from);

  if (event == NULL || into == from)
    return;
  for (guint i = 0; i < event->members->len; i++)
    {
      guint index = g_array_index (event->members, guint, i);
      Story *story = story_at (grouper, index);

      if (story == NULL)
        continue;
      story->lead = into;
      add_member (grouper, into, index);
    }
  event_remove (grouper, event);
}

/* Holds @story from now on, in its event (@story->lead's). */
static void
index_story (DossierGrouper *grouper,
             Story          *story,
             const guint    *infos)
{
  guint index = grouper->stories->len;
  gint64 *id = g_new (gint64, 1);

  g_array_append_val (grouper->times, story->time);
  post_story (grouper, story, index, infos);
  g_ptr_array_add (grouper->stories, story);
  *id = story->id;
  g_hash_table_replace (grouper->by_id, id, GUINT_TO_POINTER (index + 1));
  grouper->n_live++;
  grouper->oldest = MIN (grouper->oldest, story->time);
  add_member (grouper, story->lead, index);
  grouper->posted_story = NULL;
}

static Story *
find_story (DossierGrouper *grouper,
            gint64          id)
{
  guint index = GPOINTER_TO_UINT (g_hash_table_lookup (grouper->by_id, &id));

  return index > 0 ? story_at (grouper, index - 1) : NULL;
}

/* Adds the postings of @info as candidates, the latest first from the
 * end of the days around @time: for a story newer than all, the newest.
 * None when the stories of those days that have it are of more than
 * LOCAL_EVENTS events: a key that many events of the days around share
 * (a regulator, a place, a word of one kind of news) is no evidence of
 * one, nor does it make titles meet (see weigh_evidence () and
 * titles_meet ()), so that the stories it brings could join by a key
 * they share that is rare, which brings them too. */
static void
collect (DossierGrouper *grouper,
         KeyInfo        *info,
         gint64          time,
         guint          *candidates,
         guint          *n_candidates)
{
  guint32 *marks = (guint32 *) grouper->candidate_marks->data;
  guint read = 0, n = *n_candidates, first = *n_candidates;
  gint64 leads[LOCAL_EVENTS];
  guint n_leads = 0;

  const gint64 *times = (const gint64 *) grouper->times->data;

  for (guint i = postings_upto (grouper, info, time + TEXT_WINDOW);
       i > 0 && read < MAX_POSTINGS_READ && n < MAX_CANDIDATES; i--)
    {
      guint index = info->postings[i - 1];
      gboolean seen = FALSE;

      if (times[index] < time - HORIZON)
        break;
      read++;
      if (times[index] >= time - CROSS_WINDOW && times[index] <= time + CROSS_WINDOW)
        {
          gint64 lead = story_at (grouper, index)->lead;

          for (guint k = 0; k < n_leads && !seen; k++)
            seen = leads[k] == lead;
          if (!seen && n_leads == LOCAL_EVENTS)
            {
              /* Common in those days: what it brought goes. */
              for (guint k = first; k < n; k++)
                marks[candidates[k]] = 0;
              n = first;
              break;
            }
          if (!seen)
            leads[n_leads++] = lead;
        }
      if (marks[index] != grouper->search)
        {
          marks[index] = grouper->search;
          candidates[n++] = index;
        }
    }
  *n_candidates = n;
}

typedef struct {
  guint   info;       /* KeyInfo index + 1 */
  double  weight;
} Ranked;

/* The stories that could be the same event as @story: those that share
 * one of its rarest keys (the newest postings of each). */
static void
candidates_for (DossierGrouper *grouper,
                const Story    *story)
{
  Ranked top[RARE_WORDS * 2];
  guint n_top = 0, n_candidates = 0;

  g_array_set_size (grouper->candidates, 0);
  if (grouper->candidate_marks->len < grouper->stories->len)
    g_array_set_size (grouper->candidate_marks, grouper->stories->len);
  /* After 2^32 searches the marks start again from nothing. */
  if (++grouper->search == 0)
    {
      GHashTableIter iter;
      Event *event;

      memset (grouper->candidate_marks->data, 0, grouper->candidate_marks->len * sizeof (guint32));
      g_hash_table_iter_init (&iter, grouper->events);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &event))
        event->search = event->linked = 0;
      grouper->search = 1;
    }
  /* The rarest keys that other stories have: the stories that could be
   * the same event share at least one of them. Evidence keys always look,
   * unless most stories have them. The first of equal weights first, as
   * a stable sort has them. */
  for (guint i = 0; i < story->n_keys; i++)
    {
      KeyKind kind = KEY_KIND (story->keys[i]);
      guint df = g_array_index (grouper->key_df, guint, i);
      Ranked r = { g_array_index (grouper->key_info, guint, i), g_array_index (grouper->key_idf, double, i) };
      guint at;

      if (df == 0 || kind == KEY_TOPIC)
        continue;
      if ((kind == KEY_ENTITY || kind == KEY_CODE || kind == KEY_NUMBER || kind == KEY_FIGURE) &&
          ratio_of (grouper, df) < 0.5)
        r.weight += 100;
      for (at = n_top; at > 0 && top[at - 1].weight < r.weight; at--)
        ;
      if (at == G_N_ELEMENTS (top))
        continue;
      memmove (&top[at + 1], &top[at], (MIN (n_top, G_N_ELEMENTS (top) - 1) - at) * sizeof (Ranked));
      top[at] = r;
      n_top = MIN (n_top + 1, G_N_ELEMENTS (top));
    }
  /* Room for the most there can be, filled without a call each. */
  g_array_set_size (grouper->candidates, MAX_CANDIDATES);
  for (guint i = 0; i < n_top; i++)
    collect (grouper, &grouper->infos[top[i].info - 1], story->time,
             (guint *) grouper->candidates->data, &n_candidates);
  g_array_set_size (grouper->candidates, n_candidates);
}

/* The match of @event for the story being added (@n_keys keys), made
 * when it has none yet. */
static EventMatch *
match_of (DossierGrouper *grouper,
          Event          *event,
          guint           n_keys)
{
  EventMatch *match;

  if (event->search == grouper->search)
    return &g_array_index (grouper->matches, EventMatch, event->match);
  event->search = grouper->search;
  event->match = grouper->matches->len;
  g_array_set_size (grouper->matches, grouper->matches->len + 1);
  match = &g_array_index (grouper->matches, EventMatch, event->match);
  memset (match, 0, sizeof *match);
  match->lead = event->lead;
  match->event = event;
  match->flags = grouper->match_flags->len;
  g_byte_array_set_size (grouper->match_flags, grouper->match_flags->len + 2 * n_keys);
  memset (grouper->match_flags->data + match->flags, 0, 2 * n_keys);
  match->found = grouper->match_found->len;
  g_array_set_size (grouper->match_found, grouper->match_found->len + n_keys);
  return match;
}


/* Notes the evidence keys that both titles have. */
static void
mark_titled (const Story *story,
             const Story *other,
             guint8      *titled)
{
  for (guint i = 0; i < story->n_title_marks; i++)
    {
      guint32 key = story->title_marks[i];
      const guint32 *at;

      if (find_key (other->title_marks, other->n_title_marks, key) == NULL)
        continue;
      at = find_key (story->keys, story->n_keys, key);
      if (at != NULL)
        titled[at - story->keys] = 1;
    }
}

/* The rules, in order of certainty; FALSE when @match is not the event. */
static gboolean
decide (DossierGrouper   *grouper,
        const Story      *story,
        EventMatch       *match,
        DossierGroupRule *rule,
        const Story     **matched,
        double           *rank)
{
  PairScore same = { 0 }, other = { 0 }, titled = { 0 };
  PairScore evidence;
  guint distinct;
  const Story *by_text;
  double cosine;
  gint64 span = MAX (match->event->last, story->time) - MIN (match->event->first, story->time);

  /* Evidence in the same script and across scripts is weighed apart, each
   * against the events of its side. */
  const guint8 *shared = match_shared (grouper, match);
  const guint8 *titled_keys = match_titled (grouper, match, story);
  const guint *found = match_found (grouper, match);

  /* The keys found only: the sums are of quarters, the same in any order. */
  for (guint f = 0; f < match->n_found; f++)
    {
      guint i = found[f];
      guint df = g_array_index (grouper->key_df, guint, i);

      if (shared[i] & 1)
        weigh_evidence (grouper, story->keys[i], df, g_array_index (grouper->local_same, guint8, i), &same);
      if (shared[i] & 2)
        weigh_evidence (grouper, story->keys[i], df, g_array_index (grouper->local_other, guint8, i), &other);
      if (titled_keys[i])
        weigh_evidence (grouper, story->keys[i], df,
                        g_array_index ((shared[i] & 1) ? grouper->local_same : grouper->local_other, guint8, i),
                        &titled);
    }
  /* What only this event of those days has, in the same language: a name,
   * a code, a figure or an amount. */
  distinct = same.specific + same.numbers;
  /* Within a language the texts tell: a story whose text is unlike every
   * report of the event in its own language is another story, whatever
   * names it repeats as background (the order to stop buying Nvidia
   * chips "after China said Nvidia broke its antitrust law"). */
  if (match->same_script && (match->same_cosine < MIN_EVIDENCE_COSINE || titled.strong == 0 ||
                              (same.specific < same.catalogued + 1 && same.catalogued < 3)))
    same = (PairScore) { 0 };
  evidence = same.strong >= other.strong ? same : other;
  if (grouper->debug)
    g_debug ("%" G_GINT64_FORMAT " and event %" G_GINT64_FORMAT ": words %.2f, same-script evidence %u (%u named),"
             " other-script %u (%u named), in both titles %u, nearest %" G_GINT64_FORMAT " s",
             story->id, match->lead, match->cosine, same.strong, same.named, other.strong, other.named,
             titled.strong, match->nearest);

  /* The same link is the same story, whenever it comes; else an event
   * spans a few days from its first story at most. */
  if (match->by_rule != NULL && match->rule == DOSSIER_GROUP_SAME_LINK)
    {
      *rule = match->rule;
      *matched = match->by_rule;
      *rank = 100 + evidence.evidence;
      return TRUE;
    }
  if (span > EVENT_SPAN)
    return FALSE;
  if (match->by_rule != NULL)
    {
      *rule = match->rule;
      *matched = match->by_rule;
      *rank = (match->rule == DOSSIER_GROUP_SAME_LINK ? 100 : 50) + evidence.evidence;
      return TRUE;
    }
  /* Texts alike but not near copies must share something that only this
   * event of those days has: stories of one kind (two fines, two plants)
   * are worded alike. A name, code, figure or amount of it; or else
   * titles that meet on a word that no two other events of those days
   * have in theirs, and texts that do not each give figures or codes of
   * their own (the text that compares is then that story's). Less alike
   * still, they need two names, codes or figures that no other event of
   * those days has; topics are what a week's stories share. */
  if (match->cosine >= TEXT_SURE || distinct >= 1)
    {
      by_text = match->by_text;
      cosine = match->cosine;
    }
  else
    {
      by_text = match->by_own_text;
      cosine = match->own_cosine;
    }
  if (by_text != NULL &&
      (cosine >= 0.30 || (cosine >= 0.18 && distinct >= 1 && same.strong >= 2 && titled.strong >= 1)))
    {
      *rule = DOSSIER_GROUP_SIMILAR_TEXT;
      *matched = by_text;
      *rank = cosine + 0.1 * evidence.evidence;
      return TRUE;
    }
  /* Evidence alone must be two names, codes or figures at least (a name
   * and a topic are any two stories of a week about one company: the
   * antitrust finding and the order to stop buying Nvidia chips two days
   * later), one of them a name, and stronger the longer apart the
   * stories are. Names alone, when each text names codes of its own and
   * none that the other names, are two stories of the same actors (a
   * company's A760 plant and its regulator's K788 curbs, one day);
   * outlets of one news item give it other figures more often than
   * other products. */
  if (match->by_evidence != NULL && evidence.named >= 1 &&
      (evidence.strong >= 3 || (evidence.strong >= 2 && match->nearest <= DAY)) &&
      (grouper->n_seen >= FEW_EVENTS || evidence.specific >= 2) &&
      !(evidence.specific == evidence.catalogued && texts_code_others (story, match->by_evidence)))
    {
      *rule = DOSSIER_GROUP_SHARED_EVIDENCE;
      *matched = match->by_evidence;
      *rank = match->cosine + 0.1 * evidence.evidence;
      return TRUE;
    }
  return FALSE;
}

/* An item of evidence and what orders it: its kind, then its weight. */
typedef struct {
  const KeyText *kt;
  int            order;
  double         idf;
} Shared;

/* What @story and @other both have, as evidence items. */
static void
fill_evidence (DossierGrouper  *grouper,
               const Story     *story,
               const Story     *other,
               DossierGroupWhy *why)
{
  static const int order[] = { [KEY_ENTITY] = 0, [KEY_CODE] = 1, [KEY_FIGURE] = 2, [KEY_NUMBER] = 3,
                               [KEY_LATIN] = 4, [KEY_TOPIC] = 5, [KEY_WORD] = 6 };
  static const char prefix[] = { [KEY_ENTITY] = 'e', [KEY_TOPIC] = 't', [KEY_CODE] = 'c',
                                 [KEY_NUMBER] = 'n', [KEY_FIGURE] = 'n', [KEY_LATIN] = 'c',
                                 [KEY_WORD] = 'w' };
  g_autofree Shared *shared = g_new (Shared, MAX (story->n_texts, 1));
  guint n = 0, first = why->evidence->len;

  for (guint i = 0; i < story->n_texts; i++)
    {
      const KeyText *kt = &story->texts[i];
      guint32 key = kt->key;
      Shared item;
      guint at;

      if (find_key (other->keys, other->n_keys, key) == NULL)
        continue;
      /* Latin words are names only in a text of another script. */
      if (KEY_KIND (key) == KEY_LATIN &&
          (other->script == story->script || (grouper->n_seen >= 20 && df_ratio (grouper, key) >= 0.05)))
        continue;
      /* In order of kind, then the rarest first, equals as they came: the
       * weights worked out once each rather than at each comparison. */
      item = (Shared) { kt, order[KEY_KIND (key)], idf (grouper, key) };
      for (at = n; at > 0 && (shared[at - 1].order > item.order ||
                              (shared[at - 1].order == item.order && shared[at - 1].idf < item.idf)); at--)
        shared[at] = shared[at - 1];
      shared[at] = item;
      n++;
    }
  for (guint i = 0; i < n && why->evidence->len < 6; i++)
    {
      const KeyText *kt = shared[i].kt;
      char *item = g_malloc (kt->length + 3);
      gboolean done = FALSE;

      item[0] = prefix[KEY_KIND (kt->key)];
      item[1] = ':';
      memcpy (item + 2, story->text + kt->offset, kt->length);
      item[kt->length + 2] = '\0';
      /* H20 as a code and as a Latin word reads once. */
      for (guint j = first; j < why->evidence->len && !done; j++)
        done = strcmp ((const char *) g_ptr_array_index (why->evidence, j) + 2, item + 2) == 0;
      if (done)
        {
          g_free (item);
          continue;
        }
      g_ptr_array_add (why->evidence, item);
    }
}

static void
why_init (DossierGroupWhy *why)
{
  if (why->evidence == NULL)
    why->evidence = g_ptr_array_new_with_free_func (g_free);
  else
    g_ptr_array_set_size (why->evidence, 0);
  if (why->merged == NULL)
    why->merged = g_array_new (FALSE, FALSE, sizeof (gint64));
  else
    g_array_set_size (why->merged, 0);
  why->rule = DOSSIER_GROUP_ALONE;
  why->matched = 0;
  why->lead = 0;
  why->seconds_apart = 0;
  why->score = 0;
}

/* @features as this grouper's story @id: its own, or a copy when another
 * grouper holds them (a refresh tried again after a rollback). */
static Story *
claim (DossierGroupFeatures *features,
       gint64                id,
       gint64                feed_id,
       gint64                time)
{
  Story *story = features->held ? story_copy (features) : dossier_group_features_ref (features);

  story->held = TRUE;
  story->id = id;
  story->feed_id = feed_id;
  story->time = time;
  story->lead = 0;
  story->event = NULL;
  story->norm = 0;
  story->norm_at = 0;
  return story;
}

static int
compare_leads (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

gint64
dossier_grouper_add_features (DossierGrouper       *grouper,
                              DossierGroupFeatures *features,
                              gint64                id,
                              gint64                feed_id,
                              gint64                time,
                              DossierGroupWhy      *why)
{
  Story *story;
  GArray *candidates = grouper->candidates;
  GArray *qualified = grouper->qualified;
  const Story *best = NULL;
  DossierGroupRule best_rule = DOSSIER_GROUP_ALONE;
  double best_rank = 0;
  double story_norm;

  g_return_val_if_fail (id != 0, 0);

  why_init (why);
  story = claim (features, id, feed_id, time);

  grouper->log_n = log (grouper->n_seen + 2.0);
  read_keys (grouper, story);
  /* Its norm from the weights just read, as word_norm () has it. */
  story_norm = 0;
  for (guint i = 0; i < story->n_keys; i++)
    if (KEY_KIND (story->keys[i]) == KEY_WORD)
      {
        double w = g_array_index (grouper->key_idf, double, i) * (g_array_index (grouper->key_titled, guint8, i) ? 2 : 1);

        story_norm += w * w;
      }
  story_norm = sqrt (story_norm);
  count_local_events (grouper, story);
  candidates_for (grouper, story);
  g_array_set_size (grouper->matches, 0);
  g_byte_array_set_size (grouper->match_flags, 0);
  g_array_set_size (grouper->match_found, 0);

  /* The events that a candidate has the same link in: the only rule that
   * holds beyond an event's span. */
  for (guint i = 0; i < candidates->len; i++)
    {
      Story *other = story_at (grouper, g_array_index (candidates, guint, i));

      if (story->link_hash != 0 && story->link_hash == other->link_hash)
        other->event->linked = grouper->search;
    }

  for (guint i = 0; i < candidates->len; i++)
    {
      Story *other = story_at (grouper, g_array_index (candidates, guint, i));
      Event *event = other->event;
      gint64 apart = ABS (other->time - story->time);
      gboolean same_link = story->link_hash != 0 && story->link_hash == other->link_hash;
      guint n_shared = 0;
      EventMatch *match;
      PairScore score;
      gboolean other_news;

      if (other->id == story->id || (apart > TEXT_WINDOW && !same_link))
        continue;
      /* Across scripts only evidence tells, and only within two days. */
      if (other->script != story->script && apart > CROSS_WINDOW && !same_link)
        continue;
      /* An event that the story would make span too long is not its own,
       * but by the same link: nothing else of it needs weighing. */
      if (event->linked != grouper->search &&
          MAX (event->last, story->time) - MIN (event->first, story->time) > EVENT_SPAN)
        continue;
      match = match_of (grouper, event, story->n_keys);
      /* The user's "Not the same event" wins over every rule. */
      if (kept_apart (grouper, story->id, other->id) || kept_apart (grouper, story->id, other->lead))
        match->blocked = TRUE;

      /* Titles that name other actors, or give other numbers or codes,
       * are other news, however much else the stories share. */
      other_news = titles_name_others (story, other) || titles_number_others (story, other) ||
                   codes_differ (story, other) || codes_differ (other, story);
      /* Evidence counts when it is close in time. */
      score = score_pair (grouper, story, story_norm, other,
                          other->script == story->script ? norm_of (grouper, other) : 0,
                          apart <= CROSS_WINDOW && !other_news ? match : NULL, &n_shared);
      if (other_news)
        n_shared = 0;
      if (same_link)
        {
          match->by_rule = other;
          match->rule = DOSSIER_GROUP_SAME_LINK;
        }
      else if (match->by_rule == NULL && story->title_hash != 0 &&
               story->title_hash == other->title_hash && apart <= SAME_TITLE_WINDOW)
        {
          match->by_rule = other;
          match->rule = DOSSIER_GROUP_SAME_TITLE;
        }
      /* Coverage of one event in one language comes within a day; a text
       * that is only as alike more than a day later is the next story about
       * the same companies, retelling the last one as background. */
      if (apart > DAY)
        score.cosine *= LATER_TEXT_WEIGHT;
      if (other->script == story->script && apart <= CROSS_WINDOW)
        {
          match->same_script = TRUE;
          match->same_cosine = MAX (match->same_cosine, score.cosine);
        }
      if (other->script == story->script && story->script != SCRIPT_OTHER && score.cosine > match->own_cosine &&
          score.words >= MIN_WORDS_SHARED && !series_issues (story, other) && !other_news &&
          titles_meet (grouper, story, other, FALSE))
        {
          if (score.cosine > match->cosine)
            {
              match->cosine = score.cosine;
              match->by_text = other;
            }
          if (titles_meet (grouper, story, other, TRUE) && !texts_number_others (story, other))
            {
              match->own_cosine = score.cosine;
              match->by_own_text = other;
            }
        }
      if (apart <= CROSS_WINDOW && n_shared > 0)
        mark_titled (story, other, match_titled (grouper, match, story));
      if (apart <= CROSS_WINDOW && n_shared > 0 && (match->nearest == 0 || apart < match->nearest))
        match->nearest = MAX (apart, 1);
      if (apart <= CROSS_WINDOW && n_shared > match->most_shared)
        {
          match->most_shared = n_shared;
          match->by_evidence = other;
        }
    }
  clear_lookup (grouper, story);

  g_array_set_size (qualified, 0);
  for (guint m = 0; m < grouper->matches->len; m++)
    {
      EventMatch *match = &g_array_index (grouper->matches, EventMatch, m);
      DossierGroupRule rule;
      const Story *matched;
      double rank;

      if (match->blocked || !decide (grouper, story, match, &rule, &matched, &rank))
        continue;
      if (grouper->debug)
        g_debug ("%" G_GINT64_FORMAT " is event %" G_GINT64_FORMAT " by rule %d", story->id, match->lead, rule);
      g_array_append_val (qualified, match->lead);
      if (rank > best_rank || (rank == best_rank && best != NULL && matched->lead < best->lead))
        {
          best = matched;
          best_rule = rule;
          best_rank = rank;
        }
    }

  if (best != NULL)
    {
      /* A story that is the same event as several is their bridge: they
       * become one, under the first of them, so that the oldest row stays
       * where it is. */
      gint64 lead = best->lead;
      GArray *mergeable = grouper->mergeable;
      const Event *event = best->event;
      gint64 first = MIN (event->first, story->time), last = MAX (event->last, story->time);

      /* Not those the user kept apart from the best one, nor those that
       * would make the event span more than an event does; the others in
       * the order of their leads, whatever order the candidates came in. */
      g_array_sort (qualified, compare_leads);
      g_array_set_size (mergeable, 0);
      g_array_append_val (mergeable, best->lead);
      for (guint i = 0; i < qualified->len; i++)
        {
          gint64 other = g_array_index (qualified, gint64, i);
          const Event *other_event = event_of (grouper, other);

          if (other != best->lead && !kept_apart (grouper, other, best->lead) &&
              MAX (last, other_event->last) - MIN (first, other_event->first) <= EVENT_SPAN)
            {
              g_array_append_val (mergeable, other);
              lead = MIN (lead, other);
              first = MIN (first, other_event->first);
              last = MAX (last, other_event->last);
            }
        }
      for (guint i = 0; i < mergeable->len; i++)
        {
          gint64 other = g_array_index (mergeable, gint64, i);

          if (other != lead)
            {
              merge_events (grouper, lead, other);
              g_array_append_val (why->merged, other);
            }
        }
      story->lead = lead;
      why->rule = best_rule;
      why->matched = best->id;
      why->lead = story->lead;
      why->seconds_apart = ABS (best->time - story->time);
      why->score = best_rank;
      fill_evidence (grouper, story, best, why);
    }
  else
    story->lead = story->id;

  keep_texts (grouper, story);
  index_story (grouper, story, (const guint *) grouper->key_info->data);
  return story->lead;
}

gint64
dossier_grouper_add (DossierGrouper          *grouper,
                     const DossierGroupStory *input,
                     DossierGroupWhy         *why)
{
  g_autoptr(DossierGroupFeatures) features = NULL;

  g_return_val_if_fail (input->id != 0, 0);

  features = dossier_group_features_new (input);
  return dossier_grouper_add_features (grouper, features, input->id, input->feed_id, input->time, why);
}

void
dossier_grouper_explain (DossierGrouper       *grouper,
                         DossierGroupFeatures *features,
                         DossierGroupWhy      *why)
{
  const Story *matched;

  g_return_if_fail (why->evidence != NULL);

  matched = why->rule != DOSSIER_GROUP_ALONE ? find_story (grouper, why->matched) : NULL;
  g_ptr_array_set_size (why->evidence, 0);
  if (matched != NULL)
    fill_evidence (grouper, features, matched, why);
}

gint64
dossier_grouper_get_lead (DossierGrouper *grouper,
                          gint64          id)
{
  Story *story = find_story (grouper, id);

  return story != NULL ? story->lead : 0;
}

void
dossier_grouper_add_known_features (DossierGrouper       *grouper,
                                    DossierGroupFeatures *features,
                                    gint64                id,
                                    gint64                feed_id,
                                    gint64                time,
                                    gint64                lead)
{
  Story *story;

  if (find_story (grouper, id) != NULL)
    return;
  story = claim (features, id, feed_id, time);
  keep_texts (grouper, story);
  story->lead = lead != 0 ? lead : id;
  index_story (grouper, story, NULL);
}

void
dossier_grouper_add_known (DossierGrouper          *grouper,
                           const DossierGroupStory *input,
                           gint64                   lead)
{
  g_autoptr(DossierGroupFeatures) features = NULL;

  if (find_story (grouper, input->id) != NULL)
    return;
  features = dossier_group_features_new (input);
  dossier_grouper_add_known_features (grouper, features, input->id, input->feed_id, input->time, lead);
}

void
dossier_grouper_take_back (DossierGrouper *grouper,
                           const gint64   *ids,
                           guint           n_ids,
                           GHashTable     *features)
{
  g_autoptr(GHashTable) touched = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) taken = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) indices = g_array_new (FALSE, FALSE, sizeof (guint));
  GHashTableIter iter;
  Event *event;

  g_return_if_fail (grouper != NULL);

  for (guint i = 0; i < n_ids; i++)
    {
      guint index = GPOINTER_TO_UINT (g_hash_table_lookup (grouper->by_id, &ids[i]));

      if (index > 0 && story_at (grouper, index - 1) != NULL &&
          g_hash_table_add (taken, GUINT_TO_POINTER (index)))
        {
          index--;
          g_array_append_val (indices, index);
          g_hash_table_add (touched, story_at (grouper, index)->event);
        }
    }
  /* Their events go, or keep their other stories (taken back in part),
   * and the frequencies count what is left: the newest events as the
   * stories held make them. */
  g_hash_table_iter_init (&iter, touched);
  while (g_hash_table_iter_next (&iter, (gpointer *) &event, NULL))
    {
      guint out = 0;

      for (guint m = 0; m < event->members->len; m++)
        {
          guint index = g_array_index (event->members, guint, m);

          if (story_at (grouper, index) != NULL && !g_hash_table_contains (taken, GUINT_TO_POINTER (index + 1)))
            g_array_index (event->members, guint, out++) = index;
        }
      if (out == 0)
        {
          event_remove (grouper, event);
          continue;
        }
      g_array_set_size (event->members, out);
      event_recount (grouper, event);
    }
  /* Their postings go, each found among those of its date... */
  for (guint i = 0; i < indices->len; i++)
    {
      guint index = g_array_index (indices, guint, i);
      const Story *story = story_at (grouper, index);

      for (guint k = 0; k < story->n_keys; k++)
        {
          KeyInfo *info = key_info (grouper, story->keys[k]);

          if (info == NULL)
            continue;
          for (guint j = postings_upto (grouper, info, story->time);
               j > 0 && g_array_index (grouper->times, gint64, info->postings[j - 1]) == story->time; j--)
            if (info->postings[j - 1] == index)
              {
                memmove (&info->postings[j - 1], &info->postings[j], (info->n_postings - j) * sizeof (guint));
                info->n_postings--;
                info->n_sorted = info->n_postings;
                break;
              }
        }
    }
  /* ... and the stories, their features to the caller. */
  for (guint i = 0; i < indices->len; i++)
    {
      guint index = g_array_index (indices, guint, i);
      Story *story = story_at (grouper, index);

      if (features != NULL)
        g_hash_table_replace (features, g_memdup2 (&story->id, sizeof story->id),
                              dossier_group_features_ref (story));
      g_hash_table_remove (grouper->by_id, &story->id);
      g_ptr_array_index (grouper->stories, index) = NULL;
      grouper->n_live--;
      story_release (story);
    }
}

void
dossier_grouper_forget_before (DossierGrouper *grouper,
                               gint64          time)
{
  g_autoptr(GHashTable) touched = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  Event *event;

  /* Their events leave the frequencies while their keys are at hand, and
   * take their places again with the stories left (below). */
  for (guint i = 0; i < grouper->stories->len; i++)
    {
      Story *story = g_ptr_array_index (grouper->stories, i);

      if (story != NULL && story->time < time)
        rank_remove (grouper, story->event);
    }
  grouper->oldest = G_MAXINT64;
  for (guint i = 0; i < grouper->stories->len; i++)
    {
      Story *story = g_ptr_array_index (grouper->stories, i);

      if (story == NULL)
        continue;
      if (story->time >= time)
        {
          grouper->oldest = MIN (grouper->oldest, story->time);
          continue;
        }
      g_hash_table_remove (grouper->by_id, &story->id);
      g_hash_table_add (touched, story->event);
      story_release (story);
      g_ptr_array_index (grouper->stories, i) = NULL;
      grouper->n_live--;
    }
  if (g_hash_table_size (touched) == 0)
    return;
  /* Their postings go... */
  for (guint i = 0; i < grouper->n_infos; i++)
    {
      KeyInfo *info = &grouper->infos[i];
      guint out = 0, sorted = 0;

      for (guint j = 0; j < info->n_postings; j++)
        {
          if (story_at (grouper, info->postings[j]) != NULL)
            info->postings[out++] = info->postings[j];
          if (j + 1 == info->n_sorted)
            sorted = out;
        }
      info->n_postings = out;
      info->n_sorted = sorted;
      /* Their room too, when most of it is free. */
      if (out == 0)
        {
          g_clear_pointer (&info->postings, g_free);
          info->cap = 0;
        }
      else if (out < info->cap / 4)
        {
          info->cap = MAX (4, out * 2);
          info->postings = g_renew (guint, info->postings, info->cap);
        }
    }
  /* ... and their events, or the keys they stood for in them. */
  g_hash_table_iter_init (&iter, touched);
  while (g_hash_table_iter_next (&iter, (gpointer *) &event, NULL))
    {
      gboolean held = FALSE;

      for (guint m = 0; m < event->members->len && !held; m++)
        held = story_at (grouper, g_array_index (event->members, guint, m)) != NULL;
      if (held)
        event_recount (grouper, event);
      else
        event_remove (grouper, event);
    }
}

void
dossier_group_why_clear (DossierGroupWhy *why)
{
  g_clear_pointer (&why->evidence, g_ptr_array_unref);
  g_clear_pointer (&why->merged, g_array_unref);
  memset (why, 0, sizeof *why);
}

static const char * const rule_names[] = {
  [DOSSIER_GROUP_ALONE] = "alone",
  [DOSSIER_GROUP_SAME_LINK] = "link",
  [DOSSIER_GROUP_SAME_TITLE] = "title",
  [DOSSIER_GROUP_SIMILAR_TEXT] = "text",
  [DOSSIER_GROUP_SHARED_EVIDENCE] = "evidence",
  [DOSSIER_GROUP_MANUAL] = "manual",
};

char *
dossier_group_why_serialize (const DossierGroupWhy *why)
{
  GString *out = g_string_new (rule_names[why->rule]);

  g_string_append_printf (out, ";%" G_GINT64_FORMAT ";", why->seconds_apart);
  for (guint i = 0; why->evidence != NULL && i < why->evidence->len; i++)
    {
      const char *item = g_ptr_array_index (why->evidence, i);

      if (i > 0)
        g_string_append_c (out, ',');
      /* Items never hold a comma or a semicolon (they are words, slugs and
       * numbers), but a user's slug could: leave such an item out. */
      if (strpbrk (item, ",;") == NULL)
        g_string_append (out, item);
    }
  return g_string_free (out, FALSE);
}

gboolean
dossier_group_why_parse (const char      *text,
                         DossierGroupWhy *why)
{
  g_auto(GStrv) parts = NULL;

  why_init (why);
  if (text == NULL)
    return FALSE;
  parts = g_strsplit (text, ";", 3);
  if (g_strv_length (parts) != 3)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (rule_names); i++)
    if (g_strcmp0 (parts[0], rule_names[i]) == 0)
      why->rule = i;
  why->seconds_apart = g_ascii_strtoll (parts[1], NULL, 10);
  if (parts[2][0] != '\0')
    {
      g_auto(GStrv) items = g_strsplit (parts[2], ",", -1);

      for (guint i = 0; items[i] != NULL; i++)
        if (items[i][0] != '\0' && items[i][1] == ':')
          g_ptr_array_add (why->evidence, g_strdup (items[i]));
    }
  return TRUE;
}
