/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <pango/pango.h>

G_BEGIN_DECLS

/* The attributes that mark the words of @query found in @text (bold on a
 * soft yellow, readable on light and dark styles alike), or NULL when
 * nothing matches. Which words match is the core's say
 * (dossier_search_highlights ()). */
PangoAttrList *dossier_highlight_attributes (const char *query,
                                             const char *text);

G_END_DECLS
