/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dossier-records.h"

G_BEGIN_DECLS

typedef enum {
  DOSSIER_CHART_FORMAT_PNG,
  DOSSIER_CHART_FORMAT_SVG,
} DossierChartFormat;

#define DOSSIER_TYPE_MENTION_CHART (dossier_mention_chart_get_type ())

G_DECLARE_FINAL_TYPE (DossierMentionChart, dossier_mention_chart, DOSSIER, MENTION_CHART, GtkWidget)

/*
 * How often one or more entities or topics were in the news, per day, week
 * or month: bars for one series, lines with a legend for several (up to
 * five keep distinct colours). Time runs in the reading direction, so the
 * newest bucket is on the left in a right-to-left interface.
 */
GtkWidget *dossier_mention_chart_new              (void);
/* Drops every series; the chart shows nothing until one is added. */
void       dossier_mention_chart_clear            (DossierMentionChart *self);
/* What a bucket is, for the axis labels and the tooltips. */
void       dossier_mention_chart_set_period       (DossierMentionChart *self,
                                                   DossierPeriod        period);
/* Adds a series named @name from @counts (DossierTagCount, copied). The
 * series are aligned by their buckets' starts. */
void       dossier_mention_chart_add_series       (DossierMentionChart *self,
                                                   const char          *name,
                                                   GArray              *counts);
/* Shown instead of a plot when the series hold no mention at all. */
void       dossier_mention_chart_set_empty_text   (DossierMentionChart *self,
                                                   const char          *text);
/* The chart drawn at @width × @height, dark on white, in the widget's
 * direction: the bytes of a PNG or SVG file. */
GBytes    *dossier_mention_chart_render           (DossierMentionChart *self,
                                                   DossierChartFormat   format,
                                                   int                  width,
                                                   int                  height,
                                                   GError             **error);
/* Draws the chart as dossier_mention_chart_render () does and writes it to
 * @file without blocking the main thread. */
void       dossier_mention_chart_save_async       (DossierMentionChart *self,
                                                   GFile               *file,
                                                   DossierChartFormat   format,
                                                   int                  width,
                                                   int                  height,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean   dossier_mention_chart_save_finish      (DossierMentionChart *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

guint      dossier_mention_chart_get_n_series     (DossierMentionChart *self);
guint      dossier_mention_chart_get_n_buckets    (DossierMentionChart *self);
/* 0 for a bucket that @series does not have. */
guint      dossier_mention_chart_get_count        (DossierMentionChart *self,
                                                   guint                series,
                                                   guint                bucket);
gint64     dossier_mention_chart_get_bucket_start (DossierMentionChart *self,
                                                   guint                bucket);
/* Where @bucket ends: the next one's start, in seconds. */
gint64     dossier_mention_chart_get_bucket_end   (DossierMentionChart *self,
                                                   guint                bucket);
/* The bucket's period as the tooltips name it: "July 2025", "Week of 14
 * Jul 2025", "14 Jul 2025". */
char      *dossier_mention_chart_name_bucket      (DossierMentionChart *self,
                                                   guint                bucket);
/* "bucket-activated" (guint bucket) is emitted when a bar or point is
 * clicked. */
/* The bucket under widget @x (mirrored in right-to-left), or FALSE outside
 * the plot and when there is no plot. */
gboolean   dossier_mention_chart_bucket_at        (DossierMentionChart *self,
                                                   double               x,
                                                   guint               *bucket);
/* The tooltip for @bucket, e.g. "Week of 14 Jul 2025: 12 stories", a line
 * per series when there are several. */
char      *dossier_mention_chart_describe_bucket  (DossierMentionChart *self,
                                                   guint                bucket);

G_END_DECLS
