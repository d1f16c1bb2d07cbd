/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-file-chooser"

#include "config.h"

#include <glib/gi18n.h>

#include "dossier-file-chooser.h"

typedef struct {
  DossierFileChosenFunc chosen;
  gpointer              user_data;
  GDestroyNotify        destroy;
} ChooseData;

/* GtkFileChooserNative is what GTK 4.8 has; GtkFileDialog replaces it in
 * 4.10. */
G_GNUC_BEGIN_IGNORE_DEPRECATIONS

static void
on_response_cb (GtkNativeDialog *chooser,
                int              response,
                ChooseData      *data)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  if (file != NULL)
    data->chosen (file, data->user_data);
  if (data->destroy != NULL)
    data->destroy (data->user_data);
  g_free (data);
}

void
dossier_choose_file (GtkWindow             *parent,
                     GtkFileChooserAction   action,
                     const char            *title,
                     const char            *accept_label,
                     const char            *current_name,
                     GtkFileFilter * const *filters,
                     DossierFileChosenFunc  chosen,
                     gpointer               user_data,
                     GDestroyNotify         destroy)
{
  GtkFileChooserNative *chooser;
  ChooseData *data;

  g_return_if_fail (chosen != NULL);

  chooser = gtk_file_chooser_native_new (title, parent, action, accept_label, _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  for (guint i = 0; filters != NULL && filters[i] != NULL; i++)
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filters[i]);
  if (current_name != NULL)
    {
      g_autofree char *name = g_strdup (current_name);

      g_strdelimit (name, "/\\", '-');
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
    }
  data = g_new0 (ChooseData, 1);
  data->chosen = chosen;
  data->user_data = user_data;
  data->destroy = destroy;
  g_signal_connect (chooser, "response", G_CALLBACK (on_response_cb), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

G_GNUC_END_IGNORE_DEPRECATIONS
