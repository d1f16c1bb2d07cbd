/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <unistd.h>

#include "dossier-cli-private.h"
#include "dossier-store-events.h"

DOSSIER_CLI_COMMAND (dossier_cli_cmd_same_event)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = NULL;
  gint64 id = 0, other = 0;

  if (argc != 3 || !dossier_cli_parse_id (argv[1], &id) || !dossier_cli_parse_id (argv[2], &other))
    return dossier_cli_fail (_("Usage: dossier-cli same-event ARTICLE_ID OTHER_ID"));
  store = dossier_cli_open_store (globals, &error);
  if (store == NULL || !dossier_store_event_join (store, id, other, &error))
    return dossier_cli_fail_error (error);
  return 0;
}

DOSSIER_CLI_COMMAND (dossier_cli_cmd_not_same_event)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = NULL;
  gint64 id = 0;

  if (argc != 2 || !dossier_cli_parse_id (argv[1], &id))
    return dossier_cli_fail (_("Usage: dossier-cli not-same-event ARTICLE_ID"));
  store = dossier_cli_open_store (globals, &error);
  if (store == NULL || !dossier_store_event_split (store, id, &error))
    return dossier_cli_fail_error (error);
  return 0;
}

/* After each batch (each its own transaction): on a terminal one line
 * that counts up, elsewhere a line a batch. */
static gboolean
on_group_progress (guint64  done,
                   guint64  total,
                   gpointer user_data)
{
  g_autofree char *d = g_strdup_printf ("%" G_GUINT64_FORMAT, done);
  g_autofree char *t = g_strdup_printf ("%" G_GUINT64_FORMAT, total);

  /* TRANSLATORS: stories grouped into events so far, of all waiting */
  g_printerr (_("Grouped %s of %s stories"), d, t);
  g_printerr ("%s", GPOINTER_TO_INT (user_data) ? "\r" : "\n");
  return TRUE;
}

DOSSIER_CLI_COMMAND (dossier_cli_cmd_group)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = NULL;
  guint64 pending = 0;

  if (argc != 1)
    return dossier_cli_fail (_("Usage: dossier-cli group"));
  store = dossier_cli_open_store (globals, &error);
  if (store == NULL ||
      !dossier_store_events_pending (store, &pending, &error) ||
      !dossier_store_group_events (store, on_group_progress, GINT_TO_POINTER (isatty (fileno (stderr))), &error))
    return dossier_cli_fail_error (error);
  {
    g_autofree char *n = g_strdup_printf ("%" G_GUINT64_FORMAT, pending);

    /* TRANSLATORS: after `dossier-cli group`; %s is a number */
    printf (g_dngettext (GETTEXT_PACKAGE, "%s story grouped\n", "%s stories grouped\n", (gulong) MIN (pending, G_MAXULONG)), n);
  }
  return 0;
}
