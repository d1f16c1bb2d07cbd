/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Draws the letters of both scripts offscreen, in the fonts of the
 * timeline's rows, from idle callbacks after @widget is mapped; once per
 * process. A glyph costs its hinting the first time it is drawn (FreeType
 * runs the font's bytecode), and the frame that shows the first Arabic
 * stories, or a refresh's first stories, spent half its time there. */
void dossier_glyphs_warm (GtkWidget *widget);

/* A layout of @text in the font of a label of @css_class (NULL: none),
 * the layout the drawing above draws. */
PangoLayout *dossier_glyphs_layout (const char *css_class,
                                    const char *text);

/* Whether that drawing is done (for tests). */
gboolean dossier_glyphs_get_warm (void);

G_END_DECLS
