/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-direction"

#include "dossier-direction.h"

int
dossier_direction_of (const char *text)
{
  guint rtl = 0, ltr = 0;
  int first = 0;

  if (text == NULL)
    return 0;
  /* The letters of each direction are counted: "Nvidia تعود إلى السوق
   * الصينية" is an Arabic title that starts with a Latin name. */
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);
      gboolean arabic_block = (ch >= 0x0590 && ch <= 0x08FF) || (ch >= 0xFB1D && ch <= 0xFDFF) ||
                              (ch >= 0xFE70 && ch <= 0xFEFF);

      /* Digits and marks are weak: they do not decide. */
      if (!g_unichar_isalpha (ch))
        continue;
      if (arabic_block)
        rtl++;
      else
        ltr++;
      if (first == 0)
        first = arabic_block ? 1 : -1;
    }
  if (rtl == ltr)
    return first;
  return rtl > ltr ? 1 : -1;
}
