/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Binds the "dossier" message catalogue and makes it the default domain.
 * With DOSSIER_BUILD_LOCALEDIR in the environment (meson devenv, the set-up
 * script's run, the tests: <build>/po) the catalogues are the ones built
 * there, otherwise the installed ones. Call after setlocale (). */
void     dossier_i18n_init (void);

/* Whether the user asked for Arabic first: names then follow that
 * language, whether or not every label is translated yet. */
gboolean dossier_i18n_prefers_arabic (void);

/* The languages of @codes ("ar en", two-letter codes apart by spaces) by
 * their names in the interface's language, as a list ("Arabic, English";
 * "العربية، الإنجليزية"); a code it has no name for stays a code, in
 * capitals. NULL for NULL or no code. */
char    *dossier_i18n_language_names (const char *codes);

G_END_DECLS
