/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-utf8"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dossier-error.h"
#include "dossier-utf8.h"

gboolean
dossier_utf8_check (const char  *text,
                    const char  *what,
                    GError     **error)
{
  g_autofree char *shown = NULL;

  if (text == NULL || g_utf8_validate (text, -1, NULL))
    return TRUE;
  shown = g_utf8_make_valid (text, -1);
  /* TRANSLATORS: the first %s names what was given ("The title"), the
   * second is its text with the bad bytes shown as � */
  g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID, _("%s is not valid UTF-8 text: “%s”"), what, shown);
  return FALSE;
}

char *
dossier_utf8_repair (const char *text,
                     gssize      length)
{
  gsize size;

  if (text == NULL)
    return NULL;
  size = length < 0 ? strlen (text) : (gsize) length;
  /* The common case costs one pass and a copy. */
  if (g_utf8_validate_len (text, size, NULL))
    return g_strndup (text, size);
  return g_utf8_make_valid (text, size);
}
