/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>


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

G_END_DECLS
