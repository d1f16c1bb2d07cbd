/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "dossier-cli-private.h"
#include "dossier-date.h"
#include "dossier-i18n.h"

typedef struct {
  const char            *name;
  DossierCliCommandFunc  func;
  const char            *usage;
} DossierCliCommand;

static const DossierCliCommand commands[] = {
  { "parse", dossier_cli_cmd_parse, N_("parse FILE|URL --json        parse one feed, store nothing") },
  { "add", dossier_cli_cmd_add, N_("add URL [--folder NAME]       subscribe to a feed or a web page's feed") },
  { "remove", dossier_cli_cmd_remove, N_("remove FEED_ID                unsubscribe and delete its stories") },
  { "feeds", dossier_cli_cmd_feeds, N_("feeds [--json]                the subscriptions") },
  { "import-opml", dossier_cli_cmd_import_opml, N_("import-opml FILE              subscribe to the feeds of an OPML file") },
  { "export-opml", dossier_cli_cmd_export_opml, N_("export-opml [FILE]            write the subscriptions as OPML") },
  { "add-samples", dossier_cli_cmd_add_samples, N_("add-samples [--folder NAME]   subscribe to the offline sample stories") },
  { "recommended", dossier_cli_cmd_recommended, N_("recommended                   the path of the recommended feeds' OPML") },
  { "refresh", dossier_cli_cmd_refresh, N_("refresh [--feed FEED_ID] [--all] [--max-age DAYS]  fetch, parse and store what is due") },
  { "set", dossier_cli_cmd_set, N_("set FEED_ID [--title T] [--folder F] [--interval MINUTES] [--max-age DAYS] [--full-article on|off]") },
  { "list", dossier_cli_cmd_list, N_("list [FILTERS | --saved ID] [--json]  stories, newest first") },
  { "events", dossier_cli_cmd_events, N_("events [FILTERS] [--json]     stories grouped by event, newest first") },
  { "same-event", dossier_cli_cmd_same_event, N_("same-event ARTICLE_ID OTHER_ID  the two stories are one event") },
  { "not-same-event", dossier_cli_cmd_not_same_event, N_("not-same-event ARTICLE_ID     take a story out of its event") },
  { "group", dossier_cli_cmd_group, N_("group                         group the stories stored before events") },
  { "show", dossier_cli_cmd_show, N_("show ARTICLE_ID [--json]      one story") },
  { "export", dossier_cli_cmd_export, N_("export --format csv|json|markdown [FILTERS] [--events]  stories (or events) for other tools, or a brief") },
  { "cite", dossier_cli_cmd_cite, N_("cite ARTICLE_ID [--format text|markdown|bibtex]  a citation of one story") },
  { "extract", dossier_cli_cmd_extract, N_("extract FILE|URL [--json]     the main text of an article page") },
  { "fetch-article", dossier_cli_cmd_fetch_article, N_("fetch-article ARTICLE_ID      fetch and store a story's full article") },
  { "entities", dossier_cli_cmd_entities, N_("entities [--json]             companies, agencies, people and products") },
  { "topics", dossier_cli_cmd_topics, N_("topics [--json]               policy topics") },
  { "stats", dossier_cli_cmd_stats, N_("stats --entity SLUG|--topic SLUG [--by day|week|month] [--since DATE] [--until DATE] [--json]") },
  { "related", dossier_cli_cmd_related, N_("related SLUG [--since DATE] [--limit N] [--json]  filed most often with SLUG") },
  { "add-entity", dossier_cli_cmd_add_entity, N_("add-entity SLUG --name NAME [--name-ar NAME] [--kind KIND] [--alias NAME]... [--exact-alias NAME]...") },
  { "edit-entity", dossier_cli_cmd_edit_entity, N_("edit-entity SLUG [--name NAME] [--name-ar NAME] [--alias NAME]... [--remove-alias NAME]...") },
  { "remove-entity", dossier_cli_cmd_remove_entity, N_("remove-entity SLUG            one of your own entities") },
  { "add-topic", dossier_cli_cmd_add_topic, N_("add-topic SLUG --name NAME [--name-ar NAME] [--keyword WORDS]...") },
  { "edit-topic", dossier_cli_cmd_edit_topic, N_("edit-topic SLUG [--name NAME] [--keyword WORDS]... [--remove-keyword WORDS]...") },
  { "remove-topic", dossier_cli_cmd_remove_topic, N_("remove-topic SLUG             one of your own topics") },
  { "watch", dossier_cli_cmd_watch, N_("watch SLUG                    be told of new stories of an entity or topic") },
  { "unwatch", dossier_cli_cmd_unwatch, N_("unwatch SLUG                  stop being told of its new stories") },
  { "save-search", dossier_cli_cmd_save_search, N_("save-search NAME [FILTERS] [--period day|week|month|year] [--watch]  keep a filter under a name") },
  { "searches", dossier_cli_cmd_searches, N_("searches [--json]             the saved searches (* watched)") },
  { "remove-search", dossier_cli_cmd_remove_search, N_("remove-search ID              forget a saved search") },
  { "retag", dossier_cli_cmd_retag, N_("retag                         file the stored stories again after edits") },
};

int
dossier_cli_fail (const char *format,
                  ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* One line, whatever the message held. */
  g_strdelimit (message, "\r\n", ' ');
  fprintf (stderr, "dossier-cli: %s\n", message);
  return 1;
}

int
dossier_cli_fail_error (const GError *error)
{
  return dossier_cli_fail ("%s", error->message);
}

DossierStore *
dossier_cli_open_store (const DossierCliGlobals  *globals,
                        GError                  **error)
{
  g_autofree char *path = globals->db_path != NULL ? g_strdup (globals->db_path)
                                                   : dossier_store_default_path ();

  return dossier_store_open (path, error);
}

gboolean
dossier_cli_parse_id (const char *text,
                      gint64     *id)
{
  char *end = NULL;
  gint64 value;

  if (text == NULL || !g_ascii_isdigit (text[0]))
    return FALSE;
  value = g_ascii_strtoll (text, &end, 10);
  if (*end != '\0' || value <= 0)
    return FALSE;
  *id = value;
  return TRUE;
}

gboolean
dossier_cli_parse_count (const char *text,
                         guint       max,
                         guint      *value)
{
  char *end = NULL;
  guint64 v;

  if (text == NULL || !g_ascii_isdigit (text[0]))
    return FALSE;
  v = g_ascii_strtoull (text, &end, 10);
  if (*end != '\0' || v > max)
    return FALSE;
  *value = (guint) v;
  return TRUE;
}

/* YYYY-MM-DD, or any date shape the feed parser knows. @end_of_day makes a
 * bare day inclusive (--until 2025-07-15 includes that day). */
gboolean
dossier_cli_parse_date (const char *text,
                        gboolean    end_of_day,
                        gint64     *date)
{
  gint64 value = dossier_date_parse (text);

  if (value == DOSSIER_DATE_NONE)
    return FALSE;
  if (end_of_day && strlen (text) == 10)
    value += 24 * 60 * 60;
  *date = value;
  return TRUE;
}

void
dossier_cli_print_json (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
}

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n", _("Usage: dossier-cli [--db PATH] COMMAND [ARGUMENTS]"));
  fprintf (out, "\n%s\n", _("Commands:"));
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %s\n", _(commands[i].usage));
}

int
main (int    argc,
      char **argv)
{
  DossierCliGlobals globals = { NULL };
  int i = 1;

  setlocale (LC_ALL, "");
  dossier_i18n_init ();

  /* Global options come before the command. */
  while (i < argc && argv[i][0] == '-')
    {
      if (g_str_equal (argv[i], "--db") && i + 1 < argc)
        {
          globals.db_path = argv[i + 1];
          i += 2;
        }
      else if (g_str_has_prefix (argv[i], "--db="))
        {
          globals.db_path = argv[i] + strlen ("--db=");
          i += 1;
        }
      else if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h"))
        {
          print_usage (stdout);
          return 0;
        }
      else if (g_str_equal (argv[i], "--version"))
        {
          printf ("dossier-cli %s\n", PACKAGE_VERSION);
          return 0;
        }
      else
        {
          return dossier_cli_fail (_("Unknown option “%s”; see dossier-cli --help"), argv[i]);
        }
    }

  if (i >= argc)
    {
      print_usage (stderr);
      return 2;
    }

  for (gsize c = 0; c < G_N_ELEMENTS (commands); c++)
    {
      if (g_str_equal (argv[i], commands[c].name))
        return commands[c].func (&globals, argc - i, argv + i);
    }

  return dossier_cli_fail (_("Unknown command “%s”; see dossier-cli --help"), argv[i]);
}
