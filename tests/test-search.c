/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The words of full-text search: Arabic proclitics, English stems, the
 * query, and which bytes of a title a query matches. */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "dossier-search.h"
#include "dossier-search-tokenizer.h"
#include "dossier-store.h"
#include "dossier-store-private.h"
#include "test-util.h"

static void
assert_words (const char *text,
              const char *expected)
{
  g_autofree char *words = dossier_search_text (text, -1);

  g_assert_cmpstr (words, ==, expected);
}

static void
test_english_stems (void)
{
  /* Pairs from Porter's paper and the words of the news. */
  static const char * const table[][2] = {
    { "caresses", "caress" }, { "ponies", "poni" }, { "ties", "ti" }, { "cats", "cat" },
    { "feed", "feed" }, { "agreed", "agre" }, { "plastered", "plaster" }, { "motoring", "motor" },
    { "sing", "sing" }, { "conflated", "conflat" }, { "troubled", "troubl" }, { "sized", "size" },
    { "hopping", "hop" }, { "tanned", "tan" }, { "falling", "fall" }, { "hissing", "hiss" },
    { "filing", "file" }, { "failing", "fail" }, { "happy", "happi" }, { "relational", "relat" },
    { "conditional", "condit" }, { "rational", "ration" }, { "digitizer", "digit" },
    { "operator", "oper" }, { "hopefulness", "hope" }, { "formality", "formal" },
    { "sensitivity", "sensit" }, { "triplicate", "triplic" }, { "electrical", "electr" },
    { "revival", "reviv" }, { "allowance", "allow" }, { "adjustment", "adjust" },
    { "adoption", "adopt" }, { "controll", "control" }, { "roll", "roll" },
    { "chips", "chip" }, { "chip", "chip" }, { "regulation", "regul" }, { "regulate", "regul" },
    { "regulators", "regul" }, { "controls", "control" }, { "semiconductors", "semiconductor" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)
    assert_words (table[i][0], table[i][1]);
  /* Short words, names with digits and other scripts stay whole. */
  assert_words ("AI H20 2025 us", "ai h20 2025 us");
  assert_words ("Zürich", "zurich");
}

/* Made-up English words, more than the stems a thread remembers, so
 * that new words take the slots of older ones. */
static GPtrArray *
many_words (void)
{
  static const char * const stems[] = {
    "regul", "control", "export", "semiconduct", "licens", "invest", "author", "comput",
    "nation", "secur", "manufactur", "compet", "restrict", "sanction", "subsid", "negoti",
  };
  static const char * const suffixes[] = {
    "", "s", "es", "ed", "ing", "ation", "ational", "ators", "ive", "ively", "ful", "fulness",
    "ness", "ism", "ist", "ities", "ement", "ment", "ent", "able", "ible", "ance", "ence", "ize",
    "izer", "ization", "alli", "entli", "eli", "ousli", "ous", "iveness", "icate", "ical", "al", "er",
  };
  GPtrArray *words = g_ptr_array_new_null_terminated (0, g_free, TRUE);

  /* n letters between a stem and its suffix make a new word. */
  for (int n = 0; n < 12; n++)
    for (gsize i = 0; i < G_N_ELEMENTS (stems); i++)
      for (gsize j = 0; j < G_N_ELEMENTS (suffixes); j++)
        g_ptr_array_add (words, g_strdup_printf ("%s%.*s%s", stems[i], n, "abcdefghijkl", suffixes[j]));
  return words;
}

/* Each word's search words alone, the last word first. */
static gpointer
words_one_by_one (gpointer data)
{
  GPtrArray *words = data;
  g_autoptr(GPtrArray) each = g_ptr_array_new_null_terminated (words->len, g_free, TRUE);

  g_ptr_array_set_size (each, words->len);
  for (guint i = words->len; i-- > 0;)
    each->pdata[i] = dossier_search_text (words->pdata[i], -1);
  return g_strjoinv (" ", (char **) each->pdata);
}

/* Stems are remembered a thread at a time: the words are the same
 * whatever came before them, when a word is found there and when it took
 * another's place. */
static gpointer
words_twice (gpointer data)
{
  GPtrArray *words = data;
  g_autofree char *text = g_strjoinv (" ", (char **) words->pdata);
  g_autofree char *first = dossier_search_text (text, -1);
  g_autofree char *second = dossier_search_text (text, -1);

  g_assert_cmpstr (first, ==, second);
  return g_steal_pointer (&first);
}

static void
test_remembered_stems (void)
{
  g_autoptr(GPtrArray) words = many_words ();
  g_autofree char *twice = g_thread_join (g_thread_new ("twice", words_twice, words));
  g_autofree char *alone = g_thread_join (g_thread_new ("alone", words_one_by_one, words));

  g_assert_cmpuint (words->len, >, 4096);
  g_assert_cmpstr (twice, ==, alone);
  /* Stems of remembered words and of words too long to remember. */
  g_assert_nonnull (strstr (twice, " regulabcd regulabcd "));
  g_assert_nonnull (strstr (twice, " exportabcdefghijk exportabcdefghijk "));
}

static void
test_arabic_proclitics (void)
{
  /* Every prefixed form, one word. */
  assert_words ("الصين والصين بالصين للصين وللصين فبالصين", "صين صين صين صين صين صين");
  assert_words ("إنفيديا لإنفيديا وإنفيديا", "انفيديا انفيديا انفيديا");
  assert_words ("الولاية ولاية والولاية بالولاية", "لايه لايه لايه لايه");
  assert_words ("البيانات بيانات وبيانات", "يانات يانات يانات");
  /* Enough of the word is left: كتاب keeps its ك, الله its article. */
  assert_words ("كتاب الكتاب والله الله", "كتاب كتاب الله الله");
  /* Tashkeel, tatweel, letter variants; a Latin name after و or لـ. */
  assert_words ("إِنْفِيدْيَا هـــواوي وDeepSeek لـApple", "انفيديا هواوي deepseek appl");
}

static void
test_match (void)
{
  g_autofree char *words = dossier_search_match ("Huawei  H20");
  g_autofree char *phrase = dossier_search_match ("\"Export Controls\" chips*");
  g_autofree char *arabic = dossier_search_match ("والصين لإنفيديا");
  g_autofree char *hostile = dossier_search_match ("a\" OR b NEAR(c) col:\"x\"");

  g_assert_cmpstr (words, ==, "\"huawei\" \"h20\"");
  g_assert_cmpstr (phrase, ==, "\"export control\" \"chip\"*");
  g_assert_cmpstr (arabic, ==, "\"صين\" \"انفيديا\"");
  /* Nothing typed is FTS5 syntax. */
  g_assert_cmpstr (hostile, ==, "\"a\" \"or b near c col\" \"x\"");
  g_assert_null (dossier_search_match ("  \" * ( ) "));
  g_assert_null (dossier_search_match ("\xFF\xFE"));
  g_assert_null (dossier_search_match (NULL));
}

/* The highlighted parts of @text, joined with "|". */
static char *
highlighted (const char *query,
             const char *text)
{
  g_autoptr(GArray) ranges = dossier_search_highlights (query, text);
  g_autoptr(GString) parts = g_string_new (NULL);

  for (guint i = 0; i < ranges->len; i++)
    {
      DossierTextRange *range = &g_array_index (ranges, DossierTextRange, i);

      g_assert_cmpuint (range->start, <, range->end);
      g_assert_cmpuint (range->end, <=, strlen (text));
      if (i > 0)
        {
          g_assert_cmpuint (range->start, >=, g_array_index (ranges, DossierTextRange, i - 1).end);
          g_string_append_c (parts, '|');
        }
      g_string_append_len (parts, text + range->start, range->end - range->start);
    }
  return g_string_free (g_steal_pointer (&parts), FALSE);
}

static void
test_highlights (void)
{
  static const struct { const char *query, *text, *expected; } table[] = {
    /* Words, each where it is, in any case and form. */
    { "chip", "Chips, chipsets and a chip ban", "Chips|chip" },
    { "regulate", "Beijing's regulators draft a regulation", "regulators|regulation" },
    { "nvidia h20", "H20 sales: Nvidia's H20 returns", "H20|Nvidia|H20" },
    /* A phrase only where its words follow one another. */
    { "\"export controls\"", "Controls on exports; export controls tighten", "export controls" },
    /* A prefix. */
    { "semicond*", "Semiconductors and semiconductor tools", "Semiconductors|semiconductor" },
    /* Arabic: the whole word, proclitics and all, whichever form was
     * typed; letter variants and tashkeel folded. */
    { "الصين", "والصين ترد وبالصين مصانع", "والصين|وبالصين" },
    { "والصين", "الصين ترد", "الصين" },
    { "انفيديا", "لإنفيديا وإِنْفِيدْيَا", "لإنفيديا|وإِنْفِيدْيَا" },
    { "DeepSeek", "علي بابا وDeepSeek", "وDeepSeek" },
    /* Mixed scripts in one title. */
    { "Huawei رقائق", "Huawei تطلق رقائق Ascend", "Huawei|رقائق" },
    /* Nothing. */
    { "quantum", "Chips and rare earths", "" },
    { "", "Chips", "" },
    { "\" * ( ) ", "Chips", "" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_autofree char *got = highlighted (table[i].query, table[i].text);

      if (g_strcmp0 (got, table[i].expected) != 0)
        g_test_message ("query %s in %s", table[i].query, table[i].text);
      g_assert_cmpstr (got, ==, table[i].expected);
    }

  /* No text, or text that is not UTF-8 in places. */
  {
    g_autoptr(GArray) none = dossier_search_highlights ("chip", NULL);
    g_autofree char *broken = highlighted ("chip", "chip \xFF chips");

    g_assert_cmpuint (none->len, ==, 0);
    g_assert_cmpstr (broken, ==, "chip|chips");
  }
}

/* ---- The search index's tokenizer ---------------------------------------- */

static int
record_token (void       *data,
              int         flags,
              const char *token,
              int         length,
              int         start,
              int         end)
{
  g_string_append_printf (data, "%d:%d-%d:%.*s|", flags, start, end, length, token);
  return SQLITE_OK;
}

/* The tokens and offsets that the connection's "unicode61" gives for each
 * of @texts, as one string. */
static char *
tokens_of (sqlite3           *db,
           const char *const *args,
           int                n_args,
           GPtrArray         *texts)
{
  fts5_api *api = NULL;
  sqlite3_stmt *stmt = NULL;
  fts5_tokenizer methods;
  void *data = NULL;
  Fts5Tokenizer *tok = NULL;
  GString *out = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT fts5 (?1)", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_pointer (stmt, 1, (void *) &api, "fts5_api_ptr", NULL);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  g_assert_nonnull (api);
  g_assert_cmpint (api->xFindTokenizer (api, "unicode61", &data, &methods), ==, SQLITE_OK);
  g_assert_cmpint (methods.xCreate (data, (const char **) args, n_args, &tok), ==, SQLITE_OK);
  for (guint i = 0; i < texts->len; i++)
    {
      const char *text = g_ptr_array_index (texts, i);

      g_assert_cmpint (methods.xTokenize (tok, out, i % 2 ? FTS5_TOKENIZE_DOCUMENT : FTS5_TOKENIZE_QUERY,
                                          text, strlen (text), record_token), ==, SQLITE_OK);
      g_string_append_c (out, '\n');
    }
  methods.xDelete (tok);
  return g_string_free (out, FALSE);
}

static void
test_tokenizer_same_tokens (void)
{
  static const char * const samples[] = {
    "", " ", "nvidia h20 chips", "Nvidia H20 CHIPS, export-controls; 2025", "ABC abc Abc aBC",
    "إنفيديا تعود إلى السوق الصينية", "وَالصِّينُ بِالصِّين", "الـــصين", "ﻹنفيديا ﷲ",
    "Émile ßtraße İstanbul ǅ ﬁle", "Ελλάδα ΣΊΣΥΦΟΣ", "华为 芯片 DeepSeek-V3", "😀 emoji👍🏽x",
    "zero\u200bwidth joiner\u200d", "tab\tnew\nline\x01ctl", "bad \xff\xfe utf8 \xc3 \xe2\x82 end",
    "\xd8\xa7\xd9", "a_b a.b a'b a-b", "١٢٣ ٤٥٦ 789", "Z.ai z.ai",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "ااااااااااااااااااااااااااااااااااااااااااااااااااااااااااااااااااااااااااااااااااااااا",
  };
  /* Pieces to draw random texts from: letters of both cases, digits,
   * separators, Arabic with its marks, other scripts, broken UTF-8. */
  static const char * const pieces[] = {
    "a", "Z", "q", "7", " ", ",", "-", "'", "_", ".", "\t", "\n", "\x01", "é", "É", "ß", "İ",
    "ا", "أ", "ى", "ة", "َ", "ّ", "ـ", "٣", "华", "😀", "\u200b", "\xff", "\xc3", "\xe2\x82",
    "ﻹ", "Σ", "ς", "ǅ",
  };
  static const char * const diacritics_0[] = { "remove_diacritics", "0" };
  static const char * const diacritics_2[] = { "remove_diacritics", "2" };
  static const char * const tokenchars[] = { "tokenchars", "-_", "remove_diacritics", "0" };
  struct {
    const char * const *args;
    int                 n;
  } settings[] = { { diacritics_0, 2 }, { NULL, 0 }, { diacritics_2, 2 }, { tokenchars, 4 } };
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (22);
  sqlite3 *plain = NULL;
  sqlite3 *ours = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    g_ptr_array_add (texts, g_strdup (samples[i]));
  /* What the index is fed, and random texts; each twice, so that words
   * are also found among the ones remembered. */
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    g_ptr_array_add (texts, dossier_search_text (samples[i], -1));
  for (guint i = 0; i < 3000; i++)
    {
      GString *text = g_string_new (NULL);
      guint n = g_rand_int_range (rand, 0, 40);

      for (guint k = 0; k < n; k++)
        g_string_append (text, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
      g_ptr_array_add (texts, g_string_free (text, FALSE));
    }
  /* Words of any of U+0600 to U+067F, the block's letters, marks and
   * signs, whose letters the tokenizer passes on as they stand once
   * unicode61 said it keeps them. */
  for (guint i = 0; i < 500; i++)
    {
      GString *text = g_string_new (NULL);
      guint n = g_rand_int_range (rand, 1, 8);

      for (guint k = 0; k < n; k++)
        {
          if (k > 0 && g_rand_int_range (rand, 0, 3) == 0)
            g_string_append_c (text, ' ');
          g_string_append_unichar (text, 0x0600 + g_rand_int_range (rand, 0, 128));
        }
      g_ptr_array_add (texts, g_string_free (text, FALSE));
    }
  for (guint i = 0, n = texts->len; i < n; i++)
    g_ptr_array_add (texts, g_strdup (g_ptr_array_index (texts, i)));

  g_assert_cmpint (sqlite3_open (":memory:", &plain), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_open (":memory:", &ours), ==, SQLITE_OK);
  g_assert_true (dossier_search_tokenizer_register (ours, &error));
  g_assert_no_error (error);

  for (guint s = 0; s < G_N_ELEMENTS (settings); s++)
    {
      g_autofree char *expected = tokens_of (plain, settings[s].args, settings[s].n, texts);
      g_autofree char *got = tokens_of (ours, settings[s].args, settings[s].n, texts);

      g_assert_cmpuint (strlen (expected), >, 10000);
      g_assert_cmpstr (got, ==, expected);
    }
  sqlite3_close (plain);
  sqlite3_close (ours);
}

/* What the store's connection indexed, SQLite without Dossier's
 * tokenizer finds (and the other way round). */
static void
test_tokenizer_index_readable (void)
{
  static const char * const titles[] = {
    "Nvidia H20 chips return to China", "إنفيديا تعود إلى السوق الصينية",
    "HUAWEI Ascend 910C: export controls", "وَالذكاء الاصطناعي مفتوح المصدر",
  };
  static const char * const queries[] = {
    "nvidia", "h20", "chip", "الصينية", "huawei", "ascend", "910c", "ذكاء", "مفتوح",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dossier-tokenizer-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "dossier.db", NULL);
  DossierStore *store = dossier_store_open (path, &error);
  sqlite3 *plain = NULL;
  gint64 feed;

  g_assert_no_error (error);
  feed = dossier_store_add_feed (store, "https://example.com/feed.xml", NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (dossier_store_get_db (store),
                                           "INSERT INTO articles (feed_id, guid, title, published, first_seen, hash)"
                                           " VALUES (?1, 'g' || ?2, ?3, 1000 + ?2, 0, 0)", -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_int64 (stmt, 1, feed);
      sqlite3_bind_int (stmt, 2, i);
      sqlite3_bind_text (stmt, 3, titles[i], -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_finalize (stmt);
    }

  g_assert_cmpint (sqlite3_open (path, &plain), ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *match = dossier_search_match (queries[i]);
      const char *sql = "SELECT group_concat (rowid) FROM articles_fts WHERE articles_fts MATCH ?1";
      char *found[2] = { NULL, NULL };
      sqlite3 *dbs[2] = { dossier_store_get_db (store), plain };

      for (guint d = 0; d < 2; d++)
        {
          sqlite3_stmt *stmt = NULL;

          g_assert_cmpint (sqlite3_prepare_v2 (dbs[d], sql, -1, &stmt, NULL), ==, SQLITE_OK);
          sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
          g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
          found[d] = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          sqlite3_finalize (stmt);
        }
      g_assert_nonnull (found[0]);
      g_assert_cmpstr (found[0], ==, found[1]);
      g_free (found[0]);
      g_free (found[1]);
    }
  sqlite3_close (plain);
  dossier_store_close (store);
  test_remove_database (dir, path);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/search/english-stems", test_english_stems);
  g_test_add_func ("/search/remembered-stems", test_remembered_stems);
  g_test_add_func ("/search/arabic-proclitics", test_arabic_proclitics);
  g_test_add_func ("/search/match", test_match);
  g_test_add_func ("/search/highlights", test_highlights);
  g_test_add_func ("/search/tokenizer/same-tokens", test_tokenizer_same_tokens);
  g_test_add_func ("/search/tokenizer/index-readable", test_tokenizer_index_readable);
  return g_test_run ();
}
