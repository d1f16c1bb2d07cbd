/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The words of full-text search: Arabic proclitics, English stems, the
 * query, and which bytes of a title a query matches. */

#include "config.h"

#include <string.h>

#include "dossier-search.h"

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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/search/english-stems", test_english_stems);
  g_test_add_func ("/search/arabic-proclitics", test_arabic_proclitics);
  g_test_add_func ("/search/match", test_match);
  g_test_add_func ("/search/highlights", test_highlights);
  return g_test_run ();
}
