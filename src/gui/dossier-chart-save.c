/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-chart-save"

#include "config.h"

#include <glib/gi18n.h>

#include "dossier-chart-save.h"
#include "dossier-choices.h"
#include "dossier-file-chooser.h"

/* The size of a saved chart: wide enough for a slide or a report. */
#define SAVE_WIDTH  1200
#define SAVE_HEIGHT 600

typedef struct {
  DossierMentionChart *chart;
  DossierChartFormat   format;
  DossierChartSaved    done;
  GObject             *object;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_object_unref (data->chart);
  g_object_unref (data->object);
  g_free (data);
}

static void
on_chosen_cb (GFile    *file,
              gpointer  user_data)
{
  SaveData *data = user_data;
  g_autoptr(GError) error = NULL;

  if (dossier_mention_chart_save (data->chart, file, data->format, SAVE_WIDTH, SAVE_HEIGHT, &error))
    data->done (_("Chart saved"), data->object);
  else
    {
      g_autofree char *text = g_strdup_printf (_("Cannot save the chart: %s"), error->message);

      data->done (text, data->object);
    }
}

void
dossier_chart_save_with_dialog (DossierMentionChart *chart,
                                GtkWindow           *parent,
                                const char          *basename,
                                DossierChartFormat   format,
                                DossierChartSaved    done,
                                GObject             *object)
{
  gboolean svg = format == DOSSIER_CHART_FORMAT_SVG;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileFilter *filters[] = { filter, NULL };
  g_autofree char *name = g_strdup_printf ("%s.%s", basename, svg ? "svg" : "png");
  SaveData *data = g_new0 (SaveData, 1);

  data->chart = g_object_ref (chart);
  data->format = format;
  data->done = done;
  data->object = g_object_ref (object);

  gtk_file_filter_set_name (filter, svg ? _("SVG images") : _("PNG images"));
  gtk_file_filter_add_mime_type (filter, svg ? "image/svg+xml" : "image/png");
  dossier_choose_file (parent, GTK_FILE_CHOOSER_ACTION_SAVE, _("Save Chart"), _("_Save"), name, filters,
                       on_chosen_cb, data, (GDestroyNotify) save_data_free);
}

void
dossier_chart_dropdowns_init (GtkDropDown *range_dropdown,
                              GtkDropDown *bucket_dropdown,
                              guint        range)
{
  g_autoptr(GtkStringList) range_labels = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) bucket_labels = gtk_string_list_new (NULL);

  g_return_if_fail (range < DOSSIER_N_CHART_RANGES);

  for (guint i = 0; i < DOSSIER_N_CHART_RANGES; i++)
    gtk_string_list_append (range_labels, _(dossier_chart_ranges[i].label));
  for (guint i = 0; i < G_N_ELEMENTS (dossier_chart_buckets); i++)
    gtk_string_list_append (bucket_labels, _(dossier_chart_buckets[i]));
  gtk_drop_down_set_model (range_dropdown, G_LIST_MODEL (range_labels));
  gtk_drop_down_set_model (bucket_dropdown, G_LIST_MODEL (bucket_labels));
  gtk_drop_down_set_selected (range_dropdown, range);
  gtk_drop_down_set_selected (bucket_dropdown, dossier_chart_ranges[range].bucket);
}
