/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-highlight"

#include "config.h"

#include "dossier-highlight.h"
#include "dossier-search.h"

PangoAttrList *
dossier_highlight_attributes (const char *query,
                              const char *text)
{
  g_autoptr(GArray) ranges = NULL;
  PangoAttrList *attrs;

  if (query == NULL || query[0] == '\0' || text == NULL)
    return NULL;
  ranges = dossier_search_highlights (query, text);
  if (ranges->len == 0)
    return NULL;

  attrs = pango_attr_list_new ();
  for (guint i = 0; i < ranges->len; i++)
    {
      const DossierTextRange *range = &g_array_index (ranges, DossierTextRange, i);
      PangoAttribute *weight = pango_attr_weight_new (PANGO_WEIGHT_BOLD);
      /* GNOME's yellow, a third opaque: it tints the row, light or dark,
       * and the text keeps its own colour. */
      PangoAttribute *background = pango_attr_background_new (0xf6f6, 0xd3d3, 0x2d2d);
      PangoAttribute *alpha = pango_attr_background_alpha_new (0x5500);

      weight->start_index = background->start_index = alpha->start_index = range->start;
      weight->end_index = background->end_index = alpha->end_index = range->end;
      pango_attr_list_insert (attrs, weight);
      pango_attr_list_insert (attrs, background);
      pango_attr_list_insert (attrs, alpha);
    }
  return attrs;
}
