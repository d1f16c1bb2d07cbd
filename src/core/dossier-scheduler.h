/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dossier-context.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_SCHEDULER (dossier_scheduler_get_type ())

G_DECLARE_FINAL_TYPE (DossierScheduler, dossier_scheduler, DOSSIER, SCHEDULER, GObject)

/*
 * When feeds are refreshed: one refresh at a time, whoever asks (the user,
 * a window, the application in the background), and one timer that looks
 * at the due feeds every few minutes. Everyone who shows a refresh or
 * tells of its news listens to its signals:
 *
 * "started" (gboolean quiet) as a refresh begins; @quiet when the timer or
 *   the start-up asked for it, not the user.
 * "finished" (gpointer DossierRefreshSummary *, gpointer const GError *,
 *   gboolean quiet): the summary, or NULL and the error; a refresh
 *   cancelled by dispose is not told.
 *
 * Properties: "refreshing", and "done" / "total" (feeds refreshed so far
 * and to refresh, while refreshing).
 */
DossierScheduler *dossier_scheduler_new             (DossierContext   *context);
/* Looks at the due feeds every @interval_seconds (0: never again). */
void              dossier_scheduler_start           (DossierScheduler *self,
                                                     guint             interval_seconds);
/* Refreshes the due feeds (or every feed, with @all); FALSE, and nothing
 * done, while another refresh runs. */
gboolean          dossier_scheduler_refresh         (DossierScheduler *self,
                                                     gboolean          all,
                                                     gboolean          quiet);
gboolean          dossier_scheduler_get_refreshing  (DossierScheduler *self);
guint             dossier_scheduler_get_done        (DossierScheduler *self);
guint             dossier_scheduler_get_total       (DossierScheduler *self);

G_END_DECLS
