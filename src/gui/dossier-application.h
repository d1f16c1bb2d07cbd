/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DOSSIER_TYPE_APPLICATION (dossier_application_get_type ())

G_DECLARE_FINAL_TYPE (DossierApplication, dossier_application, DOSSIER, APPLICATION, AdwApplication)

DossierApplication *dossier_application_new          (void);
GSettings          *dossier_application_get_settings (DossierApplication *self);

/* With background-refresh on, closing the last window keeps the
 * application running, and its scheduler refreshing due feeds every few
 * minutes. */
gboolean            dossier_application_is_in_background (DossierApplication *self);
/* One look at the due feeds, as the background timer takes. */
void                dossier_application_background_tick  (DossierApplication *self);

G_END_DECLS
