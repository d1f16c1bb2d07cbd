/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dossier-application.h"
#include "dossier-context.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_WINDOW (dossier_window_get_type ())

G_DECLARE_FINAL_TYPE (DossierWindow, dossier_window, DOSSIER, WINDOW, AdwApplicationWindow)

/* @application may be NULL (the tests). */
DossierWindow *dossier_window_new        (DossierApplication *application,
                                          DossierContext     *context);
/* A toast with a readable reason; @details may be NULL. */
void           dossier_window_show_error (DossierWindow *self,
                                          const char    *title,
                                          const char    *details);

G_END_DECLS
