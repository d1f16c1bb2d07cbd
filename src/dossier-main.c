/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "dossier-application.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(DossierApplication) app = NULL;

  setlocale (LC_ALL, "");
  /* Running from the build tree finds the freshly built catalogues. */
  if (g_getenv ("DOSSIER_UNINSTALLED") != NULL)
    bindtextdomain (GETTEXT_PACKAGE, BUILD_LOCALEDIR);
  else
    bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = dossier_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
