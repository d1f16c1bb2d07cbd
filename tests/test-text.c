/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "dossier-text.h"

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
  { "", "" },
};

static void
test_text_normalize_table (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = dossier_text_normalize (cases[i].input, -1);
      g_assert_cmpstr (out, ==, cases[i].expected);
    }
}

static void
test_text_normalize_length (void)
{
  g_autofree char *out = dossier_text_normalize ("HUAWEI and more", 6);

  g_assert_cmpstr (out, ==, "huawei");
  g_assert_null (dossier_text_normalize (NULL, -1));
}

static void
test_text_normalize_invalid (void)
{
  /* Invalid bytes are skipped, never looped on. */
  g_autofree char *out = dossier_text_normalize ("A\xff\xfe" "B", -1);

  g_assert_cmpstr (out, ==, "ab");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/normalize/table", test_text_normalize_table);
  g_test_add_func ("/text/normalize/length", test_text_normalize_length);
  g_test_add_func ("/text/normalize/invalid", test_text_normalize_invalid);

  return g_test_run ();
}
