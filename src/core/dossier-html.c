/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-html"

#include "dossier-html.h"

char *
dossier_html_to_text (const char *html,
                      gssize      length)
{
  return NULL;
}

char *
dossier_text_collapse (const char *text,
                       gboolean    keep_newlines)
{
  return g_strdup (text);
}
