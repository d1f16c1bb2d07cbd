/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "dossier-direction.h"
#include "dossier-normalize.h"

typedef struct {
  const char *input;
  const char *expected;
} Case;

static const Case cases[] = {
  { "HUAWEI", "huawei" },
  { "Huawei", "huawei" },
  { "إنفيديا", "انفيديا" },
  { "أنفيديا", "انفيديا" },
  { "آلة", "اله" },
  { "ٱلصين", "الصين" },
  { "مستشفى", "مستشفي" },
  { "شركة", "شركه" },
  { "عَرَبِيّ", "عربي" },
  { "إنفـــيديا", "انفيديا" },
  { "Café Zürich", "cafe zurich" },
  { "Straße", "strasse" },
  { "ΣΟΦΟΣ", "σοφοσ" },
  { "ＮＶＩＤＩＡ", "nvidia" },
  { "ﻫﻮﺍﻭﻱ", "هواوي" },            /* presentation forms */
  { "Z.ai", "z.ai" },
  { "Nvidia\u200f تعود", "nvidia تعود" }, /* bidi mark dropped */
  /* Every letter of the alphabet as it is, hamza on waw and yeh folded. */
  { "ء ا ب ت ث ج ح خ د ذ ر ز س ش ص ض ط ظ ع غ ف ق ك ل م ن ه و ي",
    "ء ا ب ت ث ج ح خ د ذ ر ز س ش ص ض ط ظ ع غ ف ق ك ل م ن ه و ي" },
  { "مسؤول رئيس", "مسوول رييس" },
  { "", "" },
};

static void
test_text_normalize_table (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = dossier_normalize (cases[i].input, -1);
      g_assert_cmpstr (out, ==, cases[i].expected);
    }
}

static void
test_text_normalize_length (void)
{
  g_autofree char *out = dossier_normalize ("HUAWEI and more", 6);

  g_assert_cmpstr (out, ==, "huawei");
  g_assert_null (dossier_normalize (NULL, -1));
}

static void
test_text_normalize_invalid (void)
{
  /* Invalid bytes are skipped, never looped on. */
  g_autofree char *out = dossier_normalize ("A\xff\xfe" "B", -1);

  g_assert_cmpstr (out, ==, "ab");
}

/* A title's base direction comes from the whole of it, not from its first
 * letter (DESIGN.md, bidirectional text). */
static void
test_text_direction (void)
{
  static const struct {
    const char *text;
    int         expected;
  } titles[] = {
    { "Nvidia تعود إلى السوق الصينية", 1 },
    { "إنفيديا تستأنف مبيعات H20 في الصين", 1 },
    { "Huawei readies Ascend chips, says هواوي", -1 },
    { "CAC summons Nvidia", -1 },
    { "هواوي", 1 },
    { "2025 · 12:00", 0 },
    { "", 0 },
    { "AB أب", -1 },       /* a tie: the first letter decides */
    { "أب AB", 1 },
    { "١٢٣ Nvidia", -1 },  /* Arabic-Indic digits are weak */
  };

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    g_assert_cmpint (dossier_direction_of (titles[i].text), ==, titles[i].expected);
  g_assert_cmpint (dossier_direction_of (NULL), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/normalize/table", test_text_normalize_table);
  g_test_add_func ("/text/normalize/length", test_text_normalize_length);
  g_test_add_func ("/text/normalize/invalid", test_text_normalize_invalid);
  g_test_add_func ("/text/direction", test_text_direction);

  return g_test_run ();
}
