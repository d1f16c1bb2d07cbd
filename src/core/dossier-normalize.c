/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-normalize"

#include "dossier-normalize.h"

#include <string.h>

/* Arabic letters that the design folds together, plus the marks that carry
 * no meaning for matching. Decomposition already turns أ إ آ into ا plus a
 * combining hamza or madda, which is then dropped as a non-spacing mark. */
static inline gboolean
append_folded_arabic (GString  *out,
                      gunichar  ch)
{
  switch (ch)
    {
    case 0x0640:                      /* tatweel */
      return TRUE;
    case 0x0671:                      /* alef wasla */
    case 0x0622: case 0x0623: case 0x0625:
      g_string_append_unichar (out, 0x0627);
      return TRUE;
    case 0x0649:                      /* alef maqsura -> yeh */
      g_string_append_unichar (out, 0x064A);
      return TRUE;
    case 0x0629:                      /* taa marbuta -> heh */
      g_string_append_unichar (out, 0x0647);
      return TRUE;
    default:
      break;
    }

  /* Harakat, tanween, shadda, sukun, superscript alef and Quranic marks. */
  if ((ch >= 0x064B && ch <= 0x065F) || ch == 0x0670 ||
      (ch >= 0x06D6 && ch <= 0x06ED))
    return TRUE;

  return FALSE;
}

static inline void
append_folded_char (GString  *out,
                    gunichar  ch)
{
  gunichar decomposed[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
  gsize n;

  if (ch < 0x80)
    {
      g_string_append_c (out, g_ascii_tolower ((char) ch));
      return;
    }

  if (ch >= 0x0600 && ch <= 0x06FF && append_folded_arabic (out, ch))
    return;

  /* Arabic letters with no decomposition and no case, most of an Arabic
   * text: as they are, without a look-up in Unicode's tables. */
  if (ch == 0x0621 || (ch >= 0x0627 && ch <= 0x063A) || (ch >= 0x0641 && ch <= 0x064A))
    {
      g_string_append_unichar (out, ch);
      return;
    }

  if (ch == 0x00DF)                   /* ß folds to ss */
    {
      g_string_append (out, "ss");
      return;
    }

  n = g_unichar_fully_decompose (ch, TRUE, decomposed, G_N_ELEMENTS (decomposed));
  for (gsize i = 0; i < n; i++)
    {
      gunichar c = decomposed[i];
      GUnicodeType type = g_unichar_type (c);

      /* Accents, tashkeel left over from decomposition, and invisible format
       * characters (bidi marks, ZWJ/ZWNJ, soft hyphen) do not take part. */
      if (type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_FORMAT)
        continue;

      if (c >= 0x0600 && c <= 0x06FF && append_folded_arabic (out, c))
        continue;

      if (c == 0x03C2)                /* final sigma */
        c = 0x03C3;
      else
        c = g_unichar_tolower (c);

      if (c < 0x80)
        g_string_append_c (out, (char) c);
      else
        g_string_append_unichar (out, c);
    }
}

void
dossier_normalize_append (GString    *out,
                               const char *text,
                               gssize      length)
{
  const char *p = text;
  const char *end;

  g_return_if_fail (out != NULL);

  if (text == NULL)
    return;

  end = length < 0 ? text + strlen (text) : text + length;

  while (p < end)
    {
      gunichar ch;

      if ((guchar) *p < 0x80)
        {
          g_string_append_c (out, g_ascii_tolower (*p));
          p++;
          continue;
        }

      ch = g_utf8_get_char_validated (p, end - p);
      if (ch == (gunichar) -1 || ch == (gunichar) -2)
        {
          /* Invalid UTF-8 never reaches here from the parser; skip a byte
           * rather than loop forever if it does. */
          p++;
          continue;
        }

      append_folded_char (out, ch);
      p = g_utf8_next_char (p);
    }
}

char *
dossier_normalize (const char *text,
                        gssize      length)
{
  GString *out;

  if (text == NULL)
    return NULL;

  out = g_string_sized_new (length < 0 ? strlen (text) : (gsize) length);
  dossier_normalize_append (out, text, length);
  return g_string_free (out, FALSE);
}
