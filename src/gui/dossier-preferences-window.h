/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DOSSIER_TYPE_PREFERENCES_WINDOW (dossier_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (DossierPreferencesWindow, dossier_preferences_window,
                      DOSSIER, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* A window whose rows are bound to @settings (the application's schema):
 * a change in either shows at once in the other. */
DossierPreferencesWindow *dossier_preferences_window_new          (GSettings                *settings);
GSettings                *dossier_preferences_window_get_settings (DossierPreferencesWindow *self);

G_END_DECLS
