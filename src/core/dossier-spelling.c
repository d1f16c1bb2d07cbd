/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-spelling"

#include "config.h"

#include <string.h>

#include "dossier-normalize.h"
#include "dossier-spelling.h"

/* After normalisation: the long vowels, and the letters of the article. */
#define ALEF  0x0627
#define WAW   0x0648
#define YEH   0x064A
#define LAM   0x0644
#define JEEM  0x062C
#define GHAIN 0x063A

/* Words that mean the same inside a name, as normalised. */
static const char * const synonyms[][2] = {
  { "صناعه", "تصنيع" },
  { "الامريكيه", "الاميركيه" },
  { "الامريكي", "الاميركي" },
  { "امريكا", "اميركا" },
  { "الالكتروني", "السيبراني" },
  { "الالكترونيه", "السيبرانيه" },
  { "الكتروني", "سيبراني" },
  { "الكترونيه", "سيبرانيه" },
  /* A noun of an agency's name in the plural: لجنة الاستثمارات الأجنبية. */
  { "الاستثمار", "الاستثمارات" },
  { "استثمار", "استثمارات" },
};

static const char * const united_states[] = { "united states", "us", "u.s." };

typedef struct {
  GPtrArray  *words;     /* char *, normalised */
  GHashTable *seen;      /* variants made so far, the original among them */
  GPtrArray  *out;
} Builder;

static gboolean
is_arabic_letter (gunichar ch)
{
  return ch >= 0x0621 && ch <= 0x064A;
}

static gboolean
is_long_vowel (gunichar ch)
{
  return ch == ALEF || ch == WAW || ch == YEH;
}

static gboolean
is_arabic_word (const gunichar *word,
                glong           length)
{
  for (glong i = 0; i < length; i++)
    if (!is_arabic_letter (word[i]))
      return FALSE;
  return length > 0;
}

static gboolean
is_proclitic_letter (gunichar ch)
{
  /* و ف ب ل ك */
  return ch == WAW || ch == 0x0641 || ch == 0x0628 || ch == LAM || ch == 0x0643;
}

/* Adds the phrase with word @index replaced by @word (or, with @index
 * -1, the phrase of @words as it is). */
static void
emit (Builder    *b,
      int         index,
      const char *word)
{
  g_autoptr(GString) phrase = g_string_new (NULL);

  for (guint i = 0; i < b->words->len; i++)
    {
      if (i > 0)
        g_string_append_c (phrase, ' ');
      g_string_append (phrase, (int) i == index ? word : g_ptr_array_index (b->words, i));
    }
  if (g_hash_table_contains (b->seen, phrase->str))
    return;
  g_hash_table_add (b->seen, g_strdup (phrase->str));
  g_ptr_array_add (b->out, g_string_free (g_steal_pointer (&phrase), FALSE));
}

static void
emit_ucs4 (Builder        *b,
           int             index,
           const gunichar *word,
           glong           length)
{
  g_autofree char *utf8 = g_ucs4_to_utf8 (word, length, NULL, NULL, NULL);

  if (utf8 != NULL)
    emit (b, index, utf8);
}

/* One edit to a transliterated word: a long vowel dropped or added
 * between two consonants, a doubled letter written once or a letter
 * before a long vowel written twice, and ج for غ or the other way. Short
 * words of a one-word name are left alone: an edit there makes another
 * Arabic word too easily (شاومي without its و is شامي). */
static void
name_edits (Builder        *b,
            int             index,
            const gunichar *w,
            glong           n,
            gboolean        alone)
{
  static const gunichar vowels[] = { YEH, WAW, ALEF };
  glong min_length = alone ? 5 : 3;
  g_autofree gunichar *edit = g_new (gunichar, n + 2);

  for (glong i = 1; i + 1 < n; i++)
    {
      /* Dropped: "وينفينج" -> "وينفنج". */
      if (is_long_vowel (w[i]) && !is_long_vowel (w[i - 1]) && !is_long_vowel (w[i + 1]) &&
          n - 1 >= min_length)
        {
          memcpy (edit, w, i * sizeof *w);
          memcpy (edit + i, w + i + 1, (n - i - 1) * sizeof *w);
          emit_ucs4 (b, index, edit, n - 1);
        }
    }

  for (glong i = 1; i < n && n >= min_length; i++)
    {
      /* Added: "اسند" -> "اسيند". */
      if (is_long_vowel (w[i - 1]) || is_long_vowel (w[i]))
        continue;
      for (gsize v = 0; v < G_N_ELEMENTS (vowels); v++)
        {
          memcpy (edit, w, i * sizeof *w);
          edit[i] = vowels[v];
          memcpy (edit + i + 1, w + i, (n - i) * sizeof *w);
          emit_ucs4 (b, index, edit, n + 1);
        }
    }

  for (glong i = 1; i < n && n >= 4; i++)
    {
      /* Written once: "هاجينج" and "هاجنج" aside, "انتونيللي" -> "انتونيلي". */
      if (w[i] == w[i - 1] && !is_long_vowel (w[i]))
        {
          memcpy (edit, w, i * sizeof *w);
          memcpy (edit + i, w + i + 1, (n - i - 1) * sizeof *w);
          emit_ucs4 (b, index, edit, n - 1);
        }
      /* Written twice before a long vowel: "انتونيلي" -> "انتونيللي". */
      else if (i + 1 < n && !is_long_vowel (w[i]) && is_long_vowel (w[i + 1]) && w[i - 1] != w[i])
        {
          memcpy (edit, w, (i + 1) * sizeof *w);
          memcpy (edit + i + 1, w + i, (n - i) * sizeof *w);
          emit_ucs4 (b, index, edit, n + 1);
        }
    }

  for (glong i = 0; i < n; i++)
    if (w[i] == JEEM || w[i] == GHAIN)
      {
        memcpy (edit, w, n * sizeof *w);
        edit[i] = w[i] == JEEM ? GHAIN : JEEM;
        emit_ucs4 (b, index, edit, n);
      }
}

/* صناعة / تصنيع and the like, after any proclitic letters. */
static void
synonym_edits (Builder    *b,
               int         index,
               const char *word)
{
  const char *p = word;

  for (int skipped = 0; skipped <= 2 && *p != '\0'; skipped++)
    {
      for (gsize s = 0; s < G_N_ELEMENTS (synonyms); s++)
        for (int side = 0; side < 2; side++)
          if (g_str_equal (p, synonyms[s][side]))
            {
              g_autofree char *swapped = g_strdup_printf ("%.*s%s", (int) (p - word), word,
                                                          synonyms[s][1 - side]);

              emit (b, index, swapped);
            }
      if (!is_proclitic_letter (g_utf8_get_char (p)))
        break;
      p = g_utf8_next_char (p);
    }
}

static gboolean
has_article (const char *word)
{
  /* "ال" and at least two letters after it. */
  return g_str_has_prefix (word, "ال") && g_utf8_strlen (word, -1) > 3;
}

/* Words that never take the article: prepositions, relatives. */
static const char * const function_words[] = {
  "في", "علي", "من", "الي", "عن", "مع", "بين", "ضد", "حول", "عبر", "بشان", "لدي",
  "التي", "الذي", "الذين", "او", "و", "ثم", "دون", "غير",
};

static gboolean
is_function_word (const char *word)
{
  for (gsize i = 0; i < G_N_ELEMENTS (function_words); i++)
    if (g_str_equal (word, function_words[i]))
      return TRUE;
  return FALSE;
}

/* The article on or off a word, as the press writes a phrase both
 * ways: سلاسل التوريد and سلاسل توريد, قيود على التصدير and القيود على
 * تصدير. The first word is written bare: the matcher takes the article
 * before it as it takes و or ب, so one pattern serves both. The head of a
 * construct (a bare noun before a word with the article: مراكز البيانات)
 * never takes it, nor does a preposition; and يات / ات. */
static void
phrase_edits (Builder *b)
{
  guint toggles[6];
  guint n_toggles = 0;
  gboolean first_bare = FALSE;

  for (guint i = 0; i < b->words->len; i++)
    {
      const char *word = g_ptr_array_index (b->words, i);
      const char *next = i + 1 < b->words->len ? g_ptr_array_index (b->words, i + 1) : NULL;
      glong n = g_utf8_strlen (word, -1);
      g_autofree gunichar *w = g_utf8_to_ucs4_fast (word, -1, NULL);

      if (!is_arabic_word (w, n))
        continue;

      /* الرسوميات and الرسومات, but not الولايات. */
      if (n >= 6 && g_str_has_suffix (word, "يات") && !is_long_vowel (w[n - 4]))
        {
          g_autofree char *short_form = g_strdup_printf ("%.*sات", (int) (strlen (word) - strlen ("يات")), word);

          emit (b, i, short_form);
        }
      else if (n >= 5 && g_str_has_suffix (word, "ات") && !is_long_vowel (w[n - 3]))
        {
          g_autofree char *long_form = g_strdup_printf ("%.*sيات", (int) (strlen (word) - strlen ("ات")), word);

          emit (b, i, long_form);
        }

      /* آلية is no article and a word: the rest must be a word too. */
      if (is_function_word (word) || n < 3 || (has_article (word) && n < 5))
        continue;
      if (!has_article (word) && next != NULL && has_article (next))
        continue;
      if (i == 0)
        {
          first_bare = has_article (word);
          continue;
        }
      if (n_toggles < G_N_ELEMENTS (toggles))
        toggles[n_toggles++] = i;
    }

  /* One word at a time, or all of them: سلاسل توريد, القيود على تصدير.
   * Every mix of them would make the automaton twice as large for
   * phrases the press does not write (بنية التحتية للذكاء اصطناعي). */
  for (guint mask = first_bare ? 0 : 1; mask < (1u << n_toggles); mask++)
    {
      g_autoptr(GPtrArray) changed = NULL;
      GPtrArray *words = b->words;

      if ((mask & (mask - 1)) != 0 && mask != (1u << n_toggles) - 1)
        continue;
      changed = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < words->len; i++)
        {
          const char *word = g_ptr_array_index (words, i);

          g_ptr_array_add (changed, g_strdup (i == 0 && first_bare ? word + strlen ("ال") : word));
        }
      for (guint t = 0; t < n_toggles; t++)
        {
          char **word = (char **) &g_ptr_array_index (changed, toggles[t]);
          char *toggled;

          if (!(mask & (1u << t)))
            continue;
          toggled = has_article (*word) ? g_strdup (*word + strlen ("ال"))
                                        : g_strconcat ("ال", *word, NULL);
          g_free (*word);
          *word = toggled;
        }
      b->words = changed;
      emit (b, -1, NULL);
      b->words = words;
    }
}

/* A transliterated name written as one word or two: سامسونج and سام
 * سونج, مايكروسوفت and مايكرو سوفت, مون شوت and مونشوت. Each part keeps
 * three letters at least. */
static void
split_join_edits (Builder *b)
{
  if (b->words->len == 1)
    {
      const char *word = g_ptr_array_index (b->words, 0);
      glong n = g_utf8_strlen (word, -1);
      g_autofree gunichar *w = g_utf8_to_ucs4_fast (word, -1, NULL);

      if (!is_arabic_word (w, n) || has_article (word))
        return;
      for (glong i = 3; i + 3 <= n; i++)
        {
          g_autofree char *head = g_ucs4_to_utf8 (w, i, NULL, NULL, NULL);
          g_autofree char *tail = g_ucs4_to_utf8 (w + i, n - i, NULL, NULL, NULL);
          g_autofree char *split = g_strconcat (head, " ", tail, NULL);

          emit (b, 0, split);
        }
    }
  else if (b->words->len == 2)
    {
      g_autoptr(GString) joined = g_string_new (NULL);

      for (guint i = 0; i < 2; i++)
        {
          const char *word = g_ptr_array_index (b->words, i);
          glong n = g_utf8_strlen (word, -1);
          g_autofree gunichar *w = g_utf8_to_ucs4_fast (word, -1, NULL);

          if (!is_arabic_word (w, n) || has_article (word) || n < 2)
            return;
          g_string_append (joined, word);
        }
      {
        GPtrArray *words = b->words;
        g_autoptr(GPtrArray) one = g_ptr_array_new ();

        g_ptr_array_add (one, joined->str);
        b->words = one;
        emit (b, -1, NULL);
        b->words = words;
      }
    }
}

/* "United States", "US" and "U.S." for one another. */
static void
united_states_edits (Builder *b)
{
  for (guint i = 0; i < b->words->len; i++)
    {
      const char *word = g_ptr_array_index (b->words, i);
      const char *next = i + 1 < b->words->len ? g_ptr_array_index (b->words, i + 1) : NULL;
      gboolean two = g_str_equal (word, "united") && g_strcmp0 (next, "states") == 0;

      if (!two && !g_str_equal (word, "us") && !g_str_equal (word, "u.s."))
        continue;
      for (gsize u = 0; u < G_N_ELEMENTS (united_states); u++)
        {
          g_autoptr(GPtrArray) words = g_ptr_array_new ();
          GPtrArray *saved = b->words;

          for (guint j = 0; j < saved->len; j++)
            {
              if (j == i)
                g_ptr_array_add (words, (gpointer) united_states[u]);
              else if (!(two && j == i + 1))
                g_ptr_array_add (words, g_ptr_array_index (saved, j));
            }
          b->words = words;
          emit (b, -1, NULL);
          b->words = saved;
        }
    }
}

GStrv
dossier_spelling_variants (const char          *text,
                           DossierSpellingKind  kind)
{
  g_autofree char *normalized = NULL;
  g_auto(GStrv) split = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) words = g_ptr_array_new ();
  g_autoptr(GPtrArray) out = g_ptr_array_new ();
  Builder b = { words, seen, out };

  g_return_val_if_fail (text != NULL, NULL);

  normalized = dossier_normalize (text, -1);
  split = g_strsplit (normalized, " ", -1);
  for (guint i = 0; split[i] != NULL; i++)
    if (split[i][0] != '\0')
      g_ptr_array_add (words, split[i]);
  if (words->len == 0)
    {
      g_ptr_array_add (out, NULL);
      return (GStrv) g_ptr_array_free (g_steal_pointer (&out), FALSE);
    }

  /* The original is "seen" first, so that no edit gives it back. */
  emit (&b, -1, NULL);
  g_free (g_ptr_array_steal_index (out, 0));

  for (guint i = 0; i < words->len; i++)
    {
      const char *word = g_ptr_array_index (words, i);
      glong n = g_utf8_strlen (word, -1);
      g_autofree gunichar *w = g_utf8_to_ucs4_fast (word, -1, NULL);

      synonym_edits (&b, i, word);
      /* A word with the article is Arabic, not a transliteration. */
      if (kind == DOSSIER_SPELLING_NAME && is_arabic_word (w, n) && !has_article (word))
        name_edits (&b, i, w, n, words->len == 1);
    }
  if (kind == DOSSIER_SPELLING_PHRASE)
    phrase_edits (&b);
  else
    split_join_edits (&b);
  united_states_edits (&b);

  g_ptr_array_add (out, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&out), FALSE);
}
