/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DOSSIER_TYPE_HEADLINE (dossier_headline_get_type ())

G_DECLARE_FINAL_TYPE (DossierHeadline, dossier_headline, DOSSIER, HEADLINE, GtkWidget)

/* A story's title as a timeline row shows it: wrapped to at most a few
 * lines and ellipsized after, in the widget's direction (which the row
 * sets from the title's letters, not its first one). A wrapping GtkLabel
 * lays its text out four or more times for each row it measures and
 * allocates; this one lays it out once for each width it is given, which
 * is what a list of thousands of rows needs. */
GtkWidget  *dossier_headline_new       (void);
const char *dossier_headline_get_text  (DossierHeadline *self);
void        dossier_headline_set_text  (DossierHeadline *self,
                                        const char      *text);
guint       dossier_headline_get_lines (DossierHeadline *self);
void        dossier_headline_set_lines (DossierHeadline *self,
                                        guint            lines);

/* Marks parts of the current text (the words searched for); a new text
 * drops them. NULL for none. */
void           dossier_headline_set_attributes (DossierHeadline *self,
                                                PangoAttrList   *attributes);
PangoAttrList *dossier_headline_get_attributes (DossierHeadline *self);

G_END_DECLS
