/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "dossier-choices.h"

guint
dossier_nearest_choice (const guint *values,
                        guint        n_values,
                        guint        value)
{
  guint best = 0;
  guint best_distance = G_MAXUINT;

  for (guint i = 0; i < n_values; i++)
    {
      guint distance;

      if (value == values[i])
        return i;
      if (values[i] == 0)
        continue;
      distance = value > values[i] ? value - values[i] : values[i] - value;
      if (distance < best_distance)
        {
          best = i;
          best_distance = distance;
        }
    }
  return best;
}

const DossierChartRange dossier_chart_ranges[DOSSIER_N_CHART_RANGES] = {
  { N_("Last 30 Days"), 30, DOSSIER_PERIOD_DAY },
  { N_("Last 6 Months"), 183, DOSSIER_PERIOD_WEEK },
  { N_("Last 2 Years"), 731, DOSSIER_PERIOD_MONTH },
  { N_("All Time"), 0, DOSSIER_PERIOD_MONTH },
};

const char * const dossier_chart_buckets[3] = {
  N_("Per Day"),
  N_("Per Week"),
  N_("Per Month"),
};

void
dossier_chart_range_bounds (guint   range,
                            gint64  now,
                            gint64 *since,
                            gint64 *until)
{
  g_return_if_fail (range < DOSSIER_N_CHART_RANGES);

  *until = (now / 86400 + 1) * 86400;
  *since = dossier_chart_ranges[range].days > 0 ? *until - dossier_chart_ranges[range].days * 86400
                                                : DOSSIER_DATE_NONE;
}
