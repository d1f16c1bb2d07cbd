/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dossier-scheduler.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_REFRESH_INDICATOR (dossier_refresh_indicator_get_type ())

G_DECLARE_FINAL_TYPE (DossierRefreshIndicator, dossier_refresh_indicator, DOSSIER, REFRESH_INDICATOR, AdwBin)

/*
 * The header bar's refresh button. While the scheduler refreshes it
 * becomes a spinner and "done/total" feeds, with the same words as a
 * tooltip; otherwise it is a button for the action in "action-name".
 *
 * Properties: "scheduler" (DossierScheduler, or NULL for a plain button),
 * "action-name" (the button's action).
 */
void              dossier_refresh_indicator_set_scheduler (DossierRefreshIndicator *self,
                                                           DossierScheduler        *scheduler);
DossierScheduler *dossier_refresh_indicator_get_scheduler (DossierRefreshIndicator *self);

G_END_DECLS
