/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "dossier-feed.h"
#include "dossier-store.h"

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

/* Opens the database --db names, or the default one. */
DossierStore *dossier_cli_open_store (const DossierCliGlobals  *globals,
                                      GError                  **error);
/* The same, for a command that fetches before it writes: a read-only
 * database is refused at once. */
DossierStore *dossier_cli_open_store_for_writing (const DossierCliGlobals  *globals,
                                                  GError                  **error);

/* Reads a FEED_ID or ARTICLE_ID argument; FALSE for anything but a
 * positive number. */
gboolean      dossier_cli_parse_id   (const char *text,
                                      gint64     *id);

/* Reads a number from 0 to @max (a limit, a number of days). */
gboolean      dossier_cli_parse_count (const char *text,
                                       guint       max,
                                       guint      *value);

/* YYYY-MM-DD, or any date shape the feed parser knows. @end_of_day makes a
 * bare day inclusive (--until 2025-07-15 includes that day). */
gboolean      dossier_cli_parse_date  (const char *text,
                                       gboolean    end_of_day,
                                       gint64     *date);

void          dossier_cli_print_json  (JsonNode    *root);

/* A typo in --entity, --topic or --feed is an error, not an empty list. */
gboolean      dossier_cli_check_tags  (DossierStore        *store,
                                       const DossierQuery  *query,
                                       GError             **error);

/* Files the stored stories again when the entities or topics changed. */
gboolean      dossier_cli_retag_if_needed (DossierStore  *store,
                                           GError       **error);

/* One line per watch hit: "Watched: Nvidia — 2 new stories". */
void          dossier_cli_print_watch_hits (GPtrArray *hits);

#define DOSSIER_CLI_COMMAND(name) \
  int name (const DossierCliGlobals *globals, int argc, char **argv)

DOSSIER_CLI_COMMAND (dossier_cli_cmd_parse);
DOSSIER_CLI_COMMAND (dossier_cli_cmd_add);
DOSSIER_CLI_COMMAND (dossier_cli_cmd_remove);
DOSSIER_CLI_COMMAND (dossier_cli_cmd_feeds);
DOSSIER_CLI_COMMAND (dossier_cli_cmd_import_opml);
DOSSIER_CLI_COMMAND (dossier_cli_cmd_export_opml);
DOSSIER_CLI_COMMAND (dossier_cli_cmd_refresh);
DOSSIER_CLI_COMMAND (dossier_cli_cmd_set);
DOSSIER_CLI_COMMAND (dossier_cli_cmd_add_samples);
DOSSIER_CLI_COMMAND (dossier_cli_cmd_recommended);
DOSSIER_CLI_COMMAND (dossier_cli_cmd_list);
DOSSIER_CLI_COMMAND (dossier_cli_cmd_show);
DOSSIER_CLI_COMMAND (dossier_cli_cmd_export);
DOSSIER_CLI_COMMAND (dossier_cli_cmd_entities);
DOSSIER_CLI_COMMAND (dossier_cli_cmd_topics);
DOSSIER_CLI_COMMAND (dossier_cli_cmd_stats);
DOSSIER_CLI_COMMAND (dossier_cli_cmd_related);
DOSSIER_CLI_COMMAND (dossier_cli_cmd_retag);
DOSSIER_CLI_COMMAND (dossier_cli_cmd_add_entity);
DOSSIER_CLI_COMMAND (dossier_cli_cmd_add_topic);
DOSSIER_CLI_COMMAND (dossier_cli_cmd_edit_entity);
DOSSIER_CLI_COMMAND (dossier_cli_cmd_edit_topic);
DOSSIER_CLI_COMMAND (dossier_cli_cmd_remove_entity);
DOSSIER_CLI_COMMAND (dossier_cli_cmd_remove_topic);
DOSSIER_CLI_COMMAND (dossier_cli_cmd_watch);
DOSSIER_CLI_COMMAND (dossier_cli_cmd_unwatch);
DOSSIER_CLI_COMMAND (dossier_cli_cmd_save_search);
DOSSIER_CLI_COMMAND (dossier_cli_cmd_searches);
DOSSIER_CLI_COMMAND (dossier_cli_cmd_remove_search);
DOSSIER_CLI_COMMAND (dossier_cli_cmd_extract);
DOSSIER_CLI_COMMAND (dossier_cli_cmd_cite);
DOSSIER_CLI_COMMAND (dossier_cli_cmd_fetch_article);

G_END_DECLS
