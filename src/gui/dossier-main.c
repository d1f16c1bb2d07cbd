/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include "dossier-application.h"
#include "dossier-i18n.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(DossierApplication) app = NULL;

  setlocale (LC_ALL, "");
  /* Running from the build tree finds the freshly built catalogues. */
  dossier_i18n_init ();

  app = dossier_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
