/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

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
