/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DOSSIER_TYPE_WRAP_BOX (dossier_wrap_box_get_type ())

G_DECLARE_FINAL_TYPE (DossierWrapBox, dossier_wrap_box, DOSSIER, WRAP_BOX, GtkWidget)

/* Lays its children out in a line, each at its natural width, starting a
 * new line when the next does not fit: chips that read like words, in
 * the reading direction. GtkFlowBox aligns columns instead. */
GtkWidget *dossier_wrap_box_new        (void);
void       dossier_wrap_box_append     (DossierWrapBox *self,
                                        GtkWidget      *child);
void       dossier_wrap_box_remove_all (DossierWrapBox *self);

G_END_DECLS
