/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dossier-context.h"
#include "dossier-mention-chart.h"

G_BEGIN_DECLS

/* The time spans a chart card offers: 30 days, 6 months, 2 years, all. */
#define DOSSIER_N_CHART_RANGES 4
#define DOSSIER_CHART_RANGE_ALL (DOSSIER_N_CHART_RANGES - 1)

#define DOSSIER_TYPE_CHART_CARD (dossier_chart_card_get_type ())

G_DECLARE_FINAL_TYPE (DossierChartCard, dossier_chart_card, DOSSIER, CHART_CARD, AdwBin)

/*
 * A mention chart with its time span and bucket: it reads the counts of
 * its entities and topics for the span, draws them, and saves itself as
 * PNG or SVG (action chart.save, "png" or "svg") through the file
 * chooser, writing without blocking the main thread. The entity panel and
 * the compare window each show one.
 *
 * Properties: "title" (over the chart; none when NULL), "chart-height",
 * "file-name" (offered when saving, without the extension), "range"
 * (0 .. DOSSIER_CHART_RANGE_ALL), "bucket" (a DossierPeriod; a new range
 * takes the one that reads best for it), read-only "range-chosen" (the
 * user picked the span), "loading" and "total" (the mentions charted, -1
 * until read). Signal "message" (text) for a toast: a failed read, a saved
 * chart or why it could not be saved.
 */
void                 dossier_chart_card_set_context (DossierChartCard   *self,
                                                     DossierContext     *context);
/* Charts @slugs (a series each, named @names) and reads their counts;
 * none: an empty chart. */
void                 dossier_chart_card_set_series  (DossierChartCard   *self,
                                                     const char * const *slugs,
                                                     const char * const *names);
/* Reads the counts again (after a refresh or an edit). */
void                 dossier_chart_card_reload      (DossierChartCard   *self);
/* Goes back to @range, unless the user chose a span; reads nothing. */
void                 dossier_chart_card_reset_range (DossierChartCard   *self,
                                                     guint               range);
/* Shows every mention, for a chart empty in its span, without taking it
 * as the user's choice. */
void                 dossier_chart_card_widen       (DossierChartCard   *self);
DossierMentionChart *dossier_chart_card_get_chart   (DossierChartCard   *self);
gboolean             dossier_chart_card_is_loading  (DossierChartCard   *self);
gint64               dossier_chart_card_get_total   (DossierChartCard   *self);

G_END_DECLS
