/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Called with the file the user chose; not at all when the dialog is
 * cancelled. */
typedef void (*DossierFileChosenFunc) (GFile    *file,
                                       gpointer  user_data);

/* Asks for a file to open or to save with the native chooser, through the
 * portal when sandboxed, so that Dossier reaches only the file picked.
 * @filters is NULL-terminated (or NULL); @current_name, for saving, is
 * offered with any slash made a dash, as a name ("AI/ML") is not a
 * folder. @destroy frees @user_data once the dialog is gone, chosen or
 * not. */
void dossier_choose_file (GtkWindow             *parent,
                          GtkFileChooserAction   action,
                          const char            *title,
                          const char            *accept_label,
                          const char            *current_name,
                          GtkFileFilter * const *filters,
                          DossierFileChosenFunc  chosen,
                          gpointer               user_data,
                          GDestroyNotify         destroy);

G_END_DECLS
