/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What every command receives: its arguments after the command name, and
 * the global options. A command returns the process exit status. */
typedef struct {
  const char *db_path;   /* --db, or NULL for the default database */
} DossierCliGlobals;

typedef int (*DossierCliCommandFunc) (const DossierCliGlobals *globals,
                                      int                      argc,
                                      char                   **argv);

/* Prints "dossier-cli: MESSAGE" on stderr and returns the failure status. */
int  dossier_cli_fail       (const char *format,
                             ...) G_GNUC_PRINTF (1, 2);
int  dossier_cli_fail_error (const GError *error);

int  dossier_cli_cmd_parse  (const DossierCliGlobals *globals,
                             int                      argc,
                             char                   **argv);

G_END_DECLS
