/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-search"

#include "config.h"

#include <string.h>

#include "dossier-normalize.h"
#include "dossier-search.h"

/* ---- English stems --------------------------------------------------------
 *
 * Porter's suffix-stripping algorithm (1980), for words of ASCII letters:
 * the stem is a key, not a word ("regulation" and "regulate" are both
 * "regul"), the same for the index and the query. */

typedef struct {
  char *b;      /* the word, changed in place */
  int   k;      /* its last letter */
  int   j;      /* the end of the stem that a suffix test leaves */
} Stem;

static gboolean
is_consonant (const Stem *s,
              int         i)
{
  switch (s->b[i])
    {
    case 'a': case 'e': case 'i': case 'o': case 'u':
      return FALSE;
    case 'y':
      return i == 0 ? TRUE : !is_consonant (s, i - 1);
    default:
      return TRUE;
    }
}

/* The number of vowel-consonant sequences in b[0..j]. */
static int
measure (const Stem *s)
{
  int n = 0, i = 0;

  while (TRUE)
    {
      if (i > s->j)
        return n;
      if (!is_consonant (s, i))
        break;
      i++;
    }
  i++;
  while (TRUE)
    {
      while (TRUE)
        {
          if (i > s->j)
            return n;
          if (is_consonant (s, i))
            break;
          i++;
        }
      i++;
      n++;
      while (TRUE)
        {
          if (i > s->j)
            return n;
          if (!is_consonant (s, i))
            break;
          i++;
        }
      i++;
    }
}

static gboolean
has_vowel (const Stem *s)
{
  for (int i = 0; i <= s->j; i++)
    if (!is_consonant (s, i))
      return TRUE;
  return FALSE;
}

static gboolean
ends_double (const Stem *s,
             int         j)
{
  return j >= 1 && s->b[j] == s->b[j - 1] && is_consonant (s, j);
}

/* Consonant, vowel, consonant, the last not w, x or y: hop, not hoop. */
static gboolean
ends_cvc (const Stem *s,
          int         i)
{
  if (i < 2 || !is_consonant (s, i) || is_consonant (s, i - 1) || !is_consonant (s, i - 2))
    return FALSE;
  return s->b[i] != 'w' && s->b[i] != 'x' && s->b[i] != 'y';
}

/* Whether the word ends with @suffix (@length bytes), leaving the stem's
 * end in j. The stemmer tries some fifty suffixes on every English word,
 * and most differ in their last letter: that is tested first, before
 * anything else is read (counting and comparing each suffix was 40% of a
 * refresh's parsing and tagging). */
static inline gboolean
ends_with_length (Stem       *s,
                  const char *suffix,
                  int         length)
{
  if (length > s->k + 1 || s->b[s->k] != suffix[length - 1] ||
      memcmp (s->b + s->k - length + 1, suffix, length - 1) != 0)
    return FALSE;
  s->j = s->k - length;
  return TRUE;
}

/* A literal suffix only ("" makes anything else fail to build). */
#define ends_with(s, suffix) ends_with_length ((s), "" suffix, (int) sizeof (suffix) - 1)

typedef struct {
  const char *suffix;
  int         length;
  const char *replacement;
} Suffix;

#define SUFFIX(suffix, replacement) { "" suffix, (int) sizeof (suffix) - 1, replacement }

static void
set_to (Stem       *s,
        const char *replacement)
{
  int length = strlen (replacement);

  memcpy (s->b + s->j + 1, replacement, length);
  s->k = s->j + length;
}

static void
replace_if_measured (Stem       *s,
                     const char *replacement)
{
  if (measure (s) > 0)
    set_to (s, replacement);
}

/* Plurals and -ed, -ing. */
static void
step_1ab (Stem *s)
{
  if (s->b[s->k] == 's')
    {
      if (ends_with (s, "sses"))
        s->k -= 2;
      else if (ends_with (s, "ies"))
        set_to (s, "i");
      else if (s->k >= 1 && s->b[s->k - 1] != 's')
        s->k--;
    }
  if (ends_with (s, "eed"))
    {
      if (measure (s) > 0)
        s->k--;
    }
  else if ((ends_with (s, "ed") || ends_with (s, "ing")) && has_vowel (s))
    {
      s->k = s->j;
      if (ends_with (s, "at"))
        set_to (s, "ate");
      else if (ends_with (s, "bl"))
        set_to (s, "ble");
      else if (ends_with (s, "iz"))
        set_to (s, "ize");
      else if (ends_double (s, s->k))
        {
          char c = s->b[s->k];

          s->k--;
          if (c == 'l' || c == 's' || c == 'z')
            s->k++;
        }
      else
        {
          s->j = s->k;
          if (measure (s) == 1 && ends_cvc (s, s->k))
            set_to (s, "e");
        }
    }
}

/* A final y after a vowel in the stem becomes i. */
static void
step_1c (Stem *s)
{
  if (ends_with (s, "y") && has_vowel (s))
    s->b[s->k] = 'i';
}

static const Suffix step_2_suffixes[] = {
  SUFFIX ("ational", "ate"), SUFFIX ("tional", "tion"), SUFFIX ("enci", "ence"), SUFFIX ("anci", "ance"),
  SUFFIX ("izer", "ize"), SUFFIX ("bli", "ble"), SUFFIX ("alli", "al"), SUFFIX ("entli", "ent"), SUFFIX ("eli", "e"),
  SUFFIX ("ousli", "ous"), SUFFIX ("ization", "ize"), SUFFIX ("ation", "ate"), SUFFIX ("ator", "ate"),
  SUFFIX ("alism", "al"), SUFFIX ("iveness", "ive"), SUFFIX ("fulness", "ful"), SUFFIX ("ousness", "ous"),
  SUFFIX ("aliti", "al"), SUFFIX ("iviti", "ive"), SUFFIX ("biliti", "ble"), SUFFIX ("logi", "log"),
};

static const Suffix step_3_suffixes[] = {
  SUFFIX ("icate", "ic"), SUFFIX ("ative", ""), SUFFIX ("alize", "al"), SUFFIX ("iciti", "ic"), SUFFIX ("ical", "ic"),
  SUFFIX ("ful", ""), SUFFIX ("ness", ""),
};

static const Suffix step_4_suffixes[] = {
  SUFFIX ("al", NULL), SUFFIX ("ance", NULL), SUFFIX ("ence", NULL), SUFFIX ("er", NULL), SUFFIX ("ic", NULL),
  SUFFIX ("able", NULL), SUFFIX ("ible", NULL), SUFFIX ("ant", NULL), SUFFIX ("ement", NULL), SUFFIX ("ment", NULL),
  SUFFIX ("ent", NULL), SUFFIX ("ou", NULL), SUFFIX ("ism", NULL), SUFFIX ("ate", NULL), SUFFIX ("iti", NULL),
  SUFFIX ("ous", NULL), SUFFIX ("ive", NULL), SUFFIX ("ize", NULL),
};

/* A table's suffixes by their last letter, in the table's order: only
 * those can match a word, and the first of them that does is the one the
 * table's order picks. Trying each of a table's suffixes in turn was half
 * of stemming a word. */
typedef struct {
  guint8 start[27];    /* order[start[l]..start[l + 1]]: ending in 'a' + l */
  guint8 order[24];
} SuffixIndex;

static SuffixIndex step_2_index, step_3_index, step_4_index;

static void
suffix_index_build (SuffixIndex  *index,
                    const Suffix *table,
                    gsize         n)
{
  guint done = 0;

  g_assert (n <= G_N_ELEMENTS (index->order));
  for (int letter = 0; letter < 26; letter++)
    {
      index->start[letter] = done;
      for (gsize i = 0; i < n; i++)
        if (table[i].suffix[table[i].length - 1] == 'a' + letter)
          index->order[done++] = i;
    }
  index->start[26] = done;
}

static void
suffix_indexes_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      suffix_index_build (&step_2_index, step_2_suffixes, G_N_ELEMENTS (step_2_suffixes));
      suffix_index_build (&step_3_index, step_3_suffixes, G_N_ELEMENTS (step_3_suffixes));
      suffix_index_build (&step_4_index, step_4_suffixes, G_N_ELEMENTS (step_4_suffixes));
      g_once_init_leave (&done, 1);
    }
}

/* The first suffix of @table that @s ends with, or NULL. */
static const Suffix *
find_suffix (Stem              *s,
             const Suffix      *table,
             const SuffixIndex *index)
{
  int letter = s->b[s->k] - 'a';

  if (letter < 0 || letter >= 26)
    return NULL;
  for (guint i = index->start[letter]; i < index->start[letter + 1]; i++)
    {
      const Suffix *suffix = &table[index->order[i]];

      if (ends_with_length (s, suffix->suffix, suffix->length))
        return suffix;
    }
  return NULL;
}

static void
replace_suffix (Stem              *s,
                const Suffix      *table,
                const SuffixIndex *index)
{
  const Suffix *suffix = find_suffix (s, table, index);

  if (suffix != NULL)
    replace_if_measured (s, suffix->replacement);
}

static void
step_4 (Stem *s)
{
  if (find_suffix (s, step_4_suffixes, &step_4_index) != NULL)
    {
      if (measure (s) > 1)
        s->k = s->j;
      return;
    }
  /* -ion after s or t. */
  if (ends_with (s, "ion") && s->j >= 0 && (s->b[s->j] == 's' || s->b[s->j] == 't') && measure (s) > 1)
    s->k = s->j;
}

/* A final e, and a double l. */
static void
step_5 (Stem *s)
{
  s->j = s->k;
  if (s->b[s->k] == 'e')
    {
      int m;

      s->j = s->k - 1;
      m = measure (s);
      if (m > 1 || (m == 1 && !ends_cvc (s, s->k - 1)))
        s->k--;
    }
  s->j = s->k;
  if (s->b[s->k] == 'l' && ends_double (s, s->k) && measure (s) > 1)
    s->k--;
}

/* Stems @word, a lower-case ASCII word, in place. */
static void
stem_english (GString *word)
{
  Stem s = { word->str, word->len - 1, 0 };

  if (word->len <= 2)
    return;
  suffix_indexes_init ();
  step_1ab (&s);
  if (s.k > 0)
    {
      step_1c (&s);
      replace_suffix (&s, step_2_suffixes, &step_2_index);
      replace_suffix (&s, step_3_suffixes, &step_3_index);
      step_4 (&s);
      step_5 (&s);
    }
  g_string_truncate (word, s.k + 1);
}

/* Stems already made, by their word: the news repeat their words, and
 * stemming one cost some 400 instructions where finding it here costs a
 * tenth of that (a fifth of a refresh's search words were the stemmer).
 * One table a thread, a slot for each hash, a new word taking the slot
 * of an older one; the stem is the stemmer's, whichever way it comes. */
#define STEM_SLOTS  4096
#define STEM_MAX    23      /* longer words are stemmed every time */

typedef struct {
  guint8 word_length;       /* 0: empty */
  guint8 stem_length;
  char   word[STEM_MAX];
  char   stem[STEM_MAX];
} StemSlot;

static GPrivate stem_slots_key = G_PRIVATE_INIT (g_free);

static StemSlot *
stem_slots (void)
{
  StemSlot *slots = g_private_get (&stem_slots_key);

  if (slots == NULL)
    {
      slots = g_new0 (StemSlot, STEM_SLOTS);
      g_private_set (&stem_slots_key, slots);
    }
  return slots;
}

/* stem_english (), remembered in @slots. */
static void
stem_english_cached (GString  *word,
                     StemSlot *slots)
{
  guint32 hash = 2166136261u;
  StemSlot *slot;

  if (word->len <= 2 || word->len > STEM_MAX)
    {
      stem_english (word);
      return;
    }
  /* FNV-1a */
  for (gsize i = 0; i < word->len; i++)
    hash = (hash ^ (guchar) word->str[i]) * 16777619u;
  slot = &slots[hash & (STEM_SLOTS - 1)];
  if (slot->word_length == word->len && memcmp (slot->word, word->str, word->len) == 0)
    {
      /* A stem is never longer than its word. */
      memcpy (word->str, slot->stem, slot->stem_length);
      g_string_truncate (word, slot->stem_length);
      return;
    }
  slot->word_length = word->len;
  memcpy (slot->word, word->str, word->len);
  stem_english (word);
  slot->stem_length = word->len;
  memcpy (slot->stem, word->str, word->len);
}

/* ---- Arabic proclitics --------------------------------------------------- */

#define AR_ALEF 0x0627
#define AR_LAM  0x0644

static gboolean
is_proclitic_letter (gunichar ch)
{
  /* و ف ب ك ل */
  return ch == 0x0648 || ch == 0x0641 || ch == 0x0628 || ch == 0x0643 || ch == AR_LAM;
}

/* The word without its proclitics, one layer at a time, as long as enough
 * of it is left: و ف ب ك ل leave four letters or more, the article (ال,
 * or لل for ل and ال) three. Stripping a layer at a time makes every
 * prefixed form end alike: الولاية, والولاية and ولاية all lose their
 * first و once the article is gone. */
static const char *
strip_proclitics (const char *word)
{
  const char *p = word;

  while (TRUE)
    {
      glong left = g_utf8_strlen (p, -1);
      gunichar first = g_utf8_get_char (p);
      const char *second = g_utf8_next_char (p);
      gunichar next = *second != '\0' ? g_utf8_get_char (second) : 0;

      if (((first == AR_LAM && next == AR_LAM) || (first == AR_ALEF && next == AR_LAM)) && left - 2 >= 3)
        p = g_utf8_next_char (second);
      else if (is_proclitic_letter (first) && left - 1 >= 4)
        p = second;
      else
        return p;
    }
}

/* An Arabic letter of U+0080 to U+07FF from its two bytes. */
static inline gunichar
two_byte_char (const char *p)
{
  return (((guchar) p[0] & 0x1F) << 6) | ((guchar) p[1] & 0x3F);
}

/* strip_proclitics () for a word of @length bytes made of two-byte
 * letters only (a word of plain Arabic letters): its letters counted
 * and read from its bytes, not looked up again at every layer. */
static const char *
strip_proclitics_plain (const char *word,
                        gsize       length)
{
  const char *p = word;
  glong left = length / 2;

  while (TRUE)
    {
      gunichar first = left >= 1 ? two_byte_char (p) : 0;
      gunichar next = left >= 2 ? two_byte_char (p + 2) : 0;

      if (((first == AR_LAM && next == AR_LAM) || (first == AR_ALEF && next == AR_LAM)) && left - 2 >= 3)
        {
          p += 4;
          left -= 2;
        }
      else if (is_proclitic_letter (first) && left - 1 >= 4)
        {
          p += 2;
          left--;
        }
      else
        return p;
    }
}

/* ---- Words ----------------------------------------------------------------- */

static gboolean
is_word_char (gunichar ch)
{
  /* Arabic letters and tashkeel, without a look at Unicode's tables. */
  if (ch >= 0x0621 && ch <= 0x065F)
    return TRUE;
  if (g_unichar_isalnum (ch))
    return TRUE;
  switch (g_unichar_type (ch))
    {
    /* Tashkeel, combining accents, ZWNJ: inside a word. */
    case G_UNICODE_NON_SPACING_MARK: case G_UNICODE_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK: case G_UNICODE_FORMAT:
      return TRUE;
    default:
      return FALSE;
    }
}

/* An Arabic letter that normalising (dossier-normalize.c) leaves as it
 * is or turns into another such letter, with nothing to drop. */
static inline gboolean
is_plain_arabic (gunichar ch)
{
  return ch >= 0x0621 && ch <= 0x064A && ch != 0x0624 && ch != 0x0626 && (ch < 0x063B || ch > 0x0640);
}

static inline gunichar
fold_plain_arabic (gunichar ch)
{
  switch (ch)
    {
    case 0x0622: case 0x0623: case 0x0625:
      return 0x0627;
    case 0x0629:
      return 0x0647;
    case 0x0649:
      return 0x064A;
    default:
      return ch;
    }
}

static gboolean
is_ascii_word (const char *token,
               gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_islower (token[i]))
      return FALSE;
  return TRUE;
}

typedef void (*TokenFunc) (const char *token,
                           gsize       length,
                           gsize       start,
                           gsize       end,
                           gpointer    user_data);

/* Calls @func for each search word of @text (and its length), with the
 * bytes of the word of @text it comes from. */
static void
for_each_token (const char *text,
                gsize       length,
                TokenFunc   func,
                gpointer    user_data)
{
  const char *end = text + length;
  const char *p = text;
  g_autoptr(GString) normalized = g_string_new (NULL);
  g_autoptr(GString) token = g_string_new (NULL);
  StemSlot *slots = stem_slots ();

  while (p < end)
    {
      const char *word_start;
      gboolean ascii, plain;
      gunichar ch;

      /* ASCII, most of the text, without a look-up in Unicode's tables
       * (the same answer: an ASCII character is a letter or a digit, or
       * no part of a word). */
      if ((guchar) *p < 0x80)
        {
          if (!g_ascii_isalnum (*p))
            {
              p++;
              continue;
            }
        }
      else
        {
          ch = g_utf8_get_char_validated (p, end - p);
          if (ch == (gunichar) -1 || ch == (gunichar) -2 || !is_word_char (ch))
            {
              p = ch == (gunichar) -1 || ch == (gunichar) -2 ? p + 1 : g_utf8_next_char (p);
              continue;
            }
        }

      word_start = p;
      ascii = TRUE;
      plain = TRUE;
      while (p < end)
        {
          if ((guchar) *p < 0x80)
            {
              if (!g_ascii_isalnum (*p))
                break;
              plain = FALSE;
              p++;
              continue;
            }
          /* A valid two-byte character (an Arabic letter) read as
           * g_utf8_get_char_validated () would read it. */
          if ((guchar) p[0] >= 0xC2 && (guchar) p[0] <= 0xDF && p + 1 < end && ((guchar) p[1] & 0xC0) == 0x80)
            ch = two_byte_char (p);
          else
            ch = g_utf8_get_char_validated (p, end - p);
          if (ch == (gunichar) -1 || ch == (gunichar) -2 || !is_word_char (ch))
            break;
          ascii = FALSE;
          plain = plain && is_plain_arabic (ch);
          p = g_utf8_next_char (p);
        }

      /* A word of ASCII letters and digits, most words, is one search
       * word: normalising only lowers its case, and it has no Arabic
       * proclitics. Made here in one pass, it skips the copies and the
       * character-by-character calls below (the same words, byte for
       * byte). */
      if (ascii)
        {
          gboolean letters = TRUE;

          g_string_set_size (token, p - word_start);
          for (gsize i = 0; i < token->len; i++)
            {
              char c = word_start[i];

              if (c >= 'A' && c <= 'Z')
                c += 'a' - 'A';
              else if (c >= '0' && c <= '9')
                letters = FALSE;
              token->str[i] = c;
            }
          if (letters)
            stem_english_cached (token, slots);
          func (token->str, token->len, word_start - text, p - text, user_data);
          continue;
        }

      /* So is a word of Arabic letters alone (two bytes each), most of
       * an Arabic text: normalising folds a few of them into others. */
      if (plain)
        {
          g_string_set_size (token, p - word_start);
          for (gsize i = 0; i + 1 < token->len; i += 2)
            {
              gunichar c = fold_plain_arabic (two_byte_char (word_start + i));

              token->str[i] = (char) (0xC0 | (c >> 6));
              token->str[i + 1] = (char) (0x80 | (c & 0x3F));
            }
          {
            const char *word = strip_proclitics_plain (token->str, token->len);

            func (word, token->len - (word - token->str), word_start - text, p - text, user_data);
          }
          continue;
        }

      g_string_truncate (normalized, 0);
      dossier_normalize_append (normalized, word_start, p - word_start);

      /* Normalising may leave other characters than letters (a fraction
       * slash): each run of letters and digits is a word of its own. */
      for (const char *q = normalized->str; *q != '\0';)
        {
          const char *run = q;
          const char *stripped;

          while (*q != '\0' &&
                 ((guchar) *q < 0x80 ? g_ascii_isalnum (*q) : g_unichar_isalnum (g_utf8_get_char (q))))
            q = g_utf8_next_char (q);
          if (q == run)
            {
              q = g_utf8_next_char (q);
              continue;
            }

          g_string_truncate (token, 0);
          g_string_append_len (token, run, q - run);
          stripped = strip_proclitics (token->str);
          if (stripped != token->str)
            g_string_erase (token, 0, stripped - token->str);
          /* English words only: Arabic and names with digits stay whole. */
          if (is_ascii_word (token->str, token->len))
            stem_english_cached (token, slots);
          func (token->str, token->len, word_start - text, p - text, user_data);
        }
    }
}

static void
append_token (const char *token,
              gsize       length,
              gsize       start,
              gsize       end,
              gpointer    user_data)
{
  GString *out = user_data;
  gsize at = out->len > 0 ? out->len + 1 : 0;

  /* Half a million words a refresh's worker: sized once and copied,
   * where g_string_append () measured and inserted each. */
  g_string_set_size (out, at + length);
  if (at > 0)
    out->str[at - 1] = ' ';
  memcpy (out->str + at, token, length);
}

char *
dossier_search_text (const char *text,
                     gssize      length)
{
  GString *out;

  if (text == NULL)
    return NULL;
  if (length < 0)
    length = strlen (text);
  out = g_string_sized_new (length);
  for_each_token (text, length, append_token, out);
  return g_string_free (out, FALSE);
}

/* ---- Queries ---------------------------------------------------------------- */

typedef struct {
  GPtrArray *tokens;   /* char * */
  gboolean   prefix;
} Term;

static void
term_free (Term *term)
{
  g_ptr_array_unref (term->tokens);
  g_free (term);
}

static void
collect_token (const char *token,
               gsize       length,
               gsize       start,
               gsize       end,
               gpointer    user_data)
{
  g_ptr_array_add (user_data, g_strdup (token));
}

static void
add_term (GPtrArray  *terms,
          const char *start,
          gsize       length,
          gboolean    prefix)
{
  Term *term = g_new0 (Term, 1);

  term->tokens = g_ptr_array_new_with_free_func (g_free);
  term->prefix = prefix;
  for_each_token (start, length, collect_token, term->tokens);
  if (term->tokens->len == 0)
    {
      term_free (term);
      return;
    }
  g_ptr_array_add (terms, term);
}

/* The terms the user typed: words, "phrases" and prefix*. */
static GPtrArray *
parse_query (const char *query)
{
  g_autoptr(GPtrArray) terms = g_ptr_array_new_with_free_func ((GDestroyNotify) term_free);
  const char *p = query;

  if (query == NULL || !g_utf8_validate (query, -1, NULL))
    return NULL;

  while (*p != '\0')
    {
      const char *start;

      while (*p != '\0' && g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      if (*p == '\0')
        break;

      if (*p == '"')
        {
          const char *close;

          start = ++p;
          close = strchr (start, '"');
          if (close == NULL)
            close = start + strlen (start);   /* an unbalanced quote ends the query */
          p = *close == '"' ? close + 1 : close;
          add_term (terms, start, close - start, *p == '*');
          if (*p == '*')
            p++;
          continue;
        }

      start = p;
      while (*p != '\0' && *p != '"' && !g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      {
        gsize length = p - start;
        gboolean prefix = FALSE;

        while (length > 0 && start[length - 1] == '*')
          {
            prefix = TRUE;
            length--;
          }
        add_term (terms, start, length, prefix);
      }
    }

  if (terms->len == 0)
    return NULL;
  return g_steal_pointer (&terms);
}

char *
dossier_search_match (const char *query)
{
  g_autoptr(GPtrArray) terms = parse_query (query);
  GString *match;

  if (terms == NULL)
    return NULL;

  /* Every term a quoted FTS5 string: its words are letters and digits
   * only, so nothing in it is FTS5 syntax. */
  match = g_string_new (NULL);
  for (guint i = 0; i < terms->len; i++)
    {
      Term *term = g_ptr_array_index (terms, i);

      if (i > 0)
        g_string_append_c (match, ' ');
      g_string_append_c (match, '"');
      for (guint t = 0; t < term->tokens->len; t++)
        {
          if (t > 0)
            g_string_append_c (match, ' ');
          g_string_append (match, g_ptr_array_index (term->tokens, t));
        }
      g_string_append_c (match, '"');
      if (term->prefix)
        g_string_append_c (match, '*');
    }
  return g_string_free (match, FALSE);
}

/* ---- Highlights ------------------------------------------------------------ */

typedef struct {
  char  *token;
  gsize  start;
  gsize  end;
} Located;

static void
locate_token (const char *token,
              gsize       length,
              gsize       start,
              gsize       end,
              gpointer    user_data)
{
  Located located = { g_strdup (token), start, end };

  g_array_append_val (user_data, located);
}

static void
located_clear (gpointer data)
{
  g_free (((Located *) data)->token);
}

static int
compare_ranges (gconstpointer a,
                gconstpointer b)
{
  const DossierTextRange *x = a, *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return (x->end > y->end) - (x->end < y->end);
}

static gboolean
token_matches (const char *text_token,
               const char *query_token,
               gboolean    prefix)
{
  return prefix ? g_str_has_prefix (text_token, query_token) : g_str_equal (text_token, query_token);
}

GArray *
dossier_search_highlights (const char *query,
                           const char *text)
{
  g_autoptr(GPtrArray) terms = NULL;
  g_autoptr(GArray) words = NULL;
  GArray *ranges = g_array_new (FALSE, FALSE, sizeof (DossierTextRange));
  GArray *merged;

  if (text == NULL || (terms = parse_query (query)) == NULL)
    return ranges;

  words = g_array_new (FALSE, FALSE, sizeof (Located));
  g_array_set_clear_func (words, located_clear);
  for_each_token (text, strlen (text), locate_token, words);

  for (guint t = 0; t < terms->len; t++)
    {
      Term *term = g_ptr_array_index (terms, t);
      guint n = term->tokens->len;

      for (guint w = 0; w + n <= words->len; w++)
        {
          gboolean all = TRUE;

          /* A phrase's words one after the other; only the last may be a
           * prefix. */
          for (guint i = 0; all && i < n; i++)
            all = token_matches (g_array_index (words, Located, w + i).token,
                                 g_ptr_array_index (term->tokens, i),
                                 term->prefix && i == n - 1);
          if (all)
            {
              DossierTextRange range = { g_array_index (words, Located, w).start,
                                         g_array_index (words, Located, w + n - 1).end };

              g_array_append_val (ranges, range);
            }
        }
    }

  /* In order, overlaps joined. */
  g_array_sort (ranges, compare_ranges);
  merged = g_array_sized_new (FALSE, FALSE, sizeof (DossierTextRange), ranges->len);
  for (guint i = 0; i < ranges->len; i++)
    {
      DossierTextRange *range = &g_array_index (ranges, DossierTextRange, i);
      DossierTextRange *last = merged->len > 0
                               ? &g_array_index (merged, DossierTextRange, merged->len - 1) : NULL;

      if (last != NULL && range->start < last->end)
        last->end = MAX (last->end, range->end);
      else
        g_array_append_val (merged, *range);
    }
  g_array_unref (ranges);
  return merged;
}
