/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-i18n"

#include "config.h"

#include <glib/gi18n.h>

#include "dossier-i18n.h"

void
dossier_i18n_init (void)
{
  /* meson's i18n module builds <build>/po/LANG/LC_MESSAGES/dossier.mo, the
   * layout bindtextdomain () expects; an uninstalled run names that folder
   * in the environment, so the installed program holds no build path. */
  const char *dir = g_getenv ("DOSSIER_BUILD_LOCALEDIR");

  if (dir == NULL || dir[0] == '\0')
    dir = LOCALEDIR;

  bindtextdomain (GETTEXT_PACKAGE, dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

gboolean
dossier_i18n_prefers_arabic (void)
{
  const char * const *languages = g_get_language_names ();

  return languages[0] != NULL && g_str_has_prefix (languages[0], "ar");
}
