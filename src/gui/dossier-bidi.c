/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-bidi"

#include "config.h"

#include <string.h>

#include "dossier-bidi.h"
#include "dossier-direction.h"

void
dossier_widget_set_direction_from_text (GtkWidget  *widget,
                                        const char *text)
{
  int dir = dossier_direction_of (text);

  gtk_widget_set_direction (widget, dir > 0 ? GTK_TEXT_DIR_RTL : dir < 0 ? GTK_TEXT_DIR_LTR
                                                                         : GTK_TEXT_DIR_NONE);
}

char *
dossier_bidi_join (GtkWidget          *widget,
                   const char * const *parts,
                   guint               n_parts)
{
  /* A mark of the widget's direction first, as a label otherwise takes its
   * direction from the first strong letter inside the isolates. */
  GString *out = g_string_new (gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL ? "\u200F" : "\u200E");
  gboolean first = TRUE;

  for (guint i = 0; i < n_parts; i++)
    {
      if (parts[i] == NULL)
        continue;
      if (!first)
        g_string_append (out, " · ");
      g_string_append_printf (out, "\u2068%s\u2069", parts[i]);
      first = FALSE;
    }
  return g_string_free (out, FALSE);
}

char *
dossier_bidi_isolate (const char *text)
{
  int dir;

  if (text == NULL)
    return NULL;
  dir = dossier_direction_of (text);
  if (dir == 0)
    return g_strdup (text);
  /* The mark before the PDI holds a closing full stop or bracket to the
   * text's side even where a label does not honour the isolate. */
  return g_strdup_printf ("%s%s%s\u2069", dir > 0 ? "\u2067" : "\u2066", text, dir > 0 ? "\u200F" : "\u200E");
}

gboolean
dossier_bidi_needs_mark (const char *line,
                         int         direction)
{
  PangoDirection first;

  if (direction == 0 || line == NULL)
    return FALSE;
  /* Only where the first strong letter would say otherwise: a mark is an
   * invisible character in what the user copies. */
  /* The very rule a label's layout applies (deprecated for new layouts'
   * use, not removed). */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  first = pango_find_base_dir (line, -1);
  G_GNUC_END_IGNORE_DEPRECATIONS
  return direction > 0 ? first != PANGO_DIRECTION_RTL : first != PANGO_DIRECTION_LTR;
}

gsize
dossier_bidi_mark_length (const char *line)
{
  return dossier_bidi_needs_mark (line, dossier_direction_of (line)) ? strlen ("\u200F") : 0;
}

char *
dossier_bidi_mark (const char *text)
{
  g_auto(GStrv) lines = NULL;
  GString *out;

  if (text == NULL)
    return NULL;
  lines = g_strsplit (text, "\n", -1);
  out = g_string_sized_new (strlen (text) + 8);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      int dir = dossier_direction_of (lines[i]);

      if (i > 0)
        g_string_append_c (out, '\n');
      if (dossier_bidi_needs_mark (lines[i], dir))
        g_string_append (out, dir > 0 ? "\u200F" : "\u200E");
      g_string_append (out, lines[i]);
    }
  return g_string_free (out, FALSE);
}

void
dossier_label_set_text_directed (GtkLabel   *label,
                                 const char *text)
{
  g_autofree char *marked = dossier_bidi_mark (text);

  dossier_widget_set_direction_from_text (GTK_WIDGET (label), text);
  gtk_label_set_text (label, marked != NULL ? marked : "");
}
