/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DOSSIER_TYPE_RANGE_DIALOG (dossier_range_dialog_get_type ())

G_DECLARE_FINAL_TYPE (DossierRangeDialog, dossier_range_dialog, DOSSIER, RANGE_DIALOG, AdwWindow)

/* Two calendars, From and To, for the stories of any span of days (the
 * menu's periods only reach back from now). "chosen" (since, until,
 * label) when applied: local midnights, until being the day after To, and
 * a label for the filter's chip; the window closes itself then. @since and
 * @until (as given by "chosen") preset the calendars; an end that is
 * DOSSIER_DATE_NONE is today, or the month before the last day. */
DossierRangeDialog *dossier_range_dialog_new   (GtkWindow *parent,
                                                gint64     since,
                                                gint64     until);
/* For the tests: the calendars. */
GtkCalendar        *dossier_range_dialog_get_from (DossierRangeDialog *self);
GtkCalendar        *dossier_range_dialog_get_to   (DossierRangeDialog *self);

/* The chip's label for [@since, @until): "3 Mar – 28 Mar 2025", "March
 * 2025" for a whole month, one date for one day, "Since 3 Mar 2025" or
 * "Until 28 Mar 2025" with one end DOSSIER_DATE_NONE (local time). */
char               *dossier_range_label        (gint64 since,
                                                gint64 until);

G_END_DECLS
