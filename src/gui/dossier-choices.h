/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "dossier-records.h"

G_BEGIN_DECLS

/* The refresh intervals (minutes) and story retentions (days) offered by
 * Preferences and by a feed's properties, in the order of their rows. */
#define DOSSIER_INTERVAL_CHOICES  15, 30, 60, 120, 360, 720, 1440
#define DOSSIER_RETENTION_CHOICES 30, 90, 180, 365, 730

/* The position in @values of @value, or of the nearest choice when it is
 * not one (a value set with dossier-cli or by an older version). A 0 among
 * @values ("keep everything", "as in Preferences") stands only for 0
 * itself, never as the nearest to a small number. */
guint dossier_nearest_choice (const guint *values,
                              guint        n_values,
                              guint        value);

/* The time spans a mention chart offers, each with the bucket that reads
 * best for it (the panel and the compare window share them). */
typedef struct {
  const char    *label;       /* N_() */
  gint64         days;        /* 0: since the first mention */
  DossierPeriod  bucket;
} DossierChartRange;

#define DOSSIER_N_CHART_RANGES 4
#define DOSSIER_CHART_RANGE_ALL (DOSSIER_N_CHART_RANGES - 1)
extern const DossierChartRange dossier_chart_ranges[DOSSIER_N_CHART_RANGES];

/* The labels of the buckets, by DossierPeriod (N_()). */
extern const char * const dossier_chart_buckets[3];

/* From @range days back to the end of the day of @now (UTC seconds), so
 * that a chart reaches the present even when the last mention is older;
 * @since is DOSSIER_DATE_NONE for everything. */
void  dossier_chart_range_bounds (guint   range,
                                  gint64  now,
                                  gint64 *since,
                                  gint64 *until);

G_END_DECLS
