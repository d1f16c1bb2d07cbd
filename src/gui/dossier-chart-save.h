/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dossier-mention-chart.h"

G_BEGIN_DECLS

/* Where the outcome of saving is told: "Chart saved", or the reason. */
typedef void (*DossierChartSaved) (const char *message,
                                   gpointer    user_data);

/* Asks for a file (through the portal in a sandbox) and saves @chart to
 * it as PNG or SVG; @basename is offered without its extension. @object
 * is kept alive until the dialog ends and is passed to @done. */
void dossier_chart_save_with_dialog (DossierMentionChart *chart,
                                     GtkWindow           *parent,
                                     const char          *basename,
                                     DossierChartFormat   format,
                                     DossierChartSaved    done,
                                     GObject             *object);

/* Fills the time-span and bucket drop-downs of a mention chart and
 * selects @range with the bucket that reads best for it. */
void dossier_chart_dropdowns_init (GtkDropDown *range_dropdown,
                                   GtkDropDown *bucket_dropdown,
                                   guint        range);

G_END_DECLS
