/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "dossier-cli-private.h"
#include "dossier-date.h"
#include "dossier-error.h"
#include "dossier-i18n.h"

typedef struct {
  const char            *name;
  DossierCliCommandFunc  func;
  const char            *usage;
  gboolean               takes_files;  /* its plain arguments may be file
                                          names, which are bytes */
} DossierCliCommand;

static const DossierCliCommand commands[] = {
  { "parse", dossier_cli_cmd_parse, N_("parse FILE|URL --json        parse one feed, store nothing"), TRUE },
  { "add", dossier_cli_cmd_add, N_("add URL [--folder NAME]       subscribe to a feed or a web page's feed") },
  { "remove", dossier_cli_cmd_remove, N_("remove FEED_ID                unsubscribe and delete its stories") },
  { "feeds", dossier_cli_cmd_feeds, N_("feeds [--json]                the subscriptions") },
  { "import-opml", dossier_cli_cmd_import_opml, N_("import-opml FILE              subscribe to the feeds of an OPML file"), TRUE },
  { "export-opml", dossier_cli_cmd_export_opml, N_("export-opml [FILE]            write the subscriptions as OPML"), TRUE },
  { "add-samples", dossier_cli_cmd_add_samples, N_("add-samples [--folder NAME]   subscribe to the offline sample stories") },
  { "recommended", dossier_cli_cmd_recommended, N_("recommended                   the path of the recommended feeds' OPML") },
  { "refresh", dossier_cli_cmd_refresh, N_("refresh [--feed FEED_ID] [--all] [--max-age DAYS]  fetch, parse and store what is due") },
  { "set", dossier_cli_cmd_set, N_("set FEED_ID [--title T] [--folder F] [--interval MINUTES] [--max-age DAYS] [--full-article on|off] [--allow-insecure on|off]") },
  { "list", dossier_cli_cmd_list, N_("list [FILTERS | --saved ID] [--json]  stories, newest first") },
  { "show", dossier_cli_cmd_show, N_("show ARTICLE_ID [--json]      one story") },
  { "export", dossier_cli_cmd_export, N_("export --format csv|json|markdown [FILTERS]  stories for other tools, or a brief") },
  { "cite", dossier_cli_cmd_cite, N_("cite ARTICLE_ID [--format text|markdown|bibtex]  a citation of one story") },
  { "extract", dossier_cli_cmd_extract, N_("extract FILE|URL [--json]     the main text of an article page"), TRUE },
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

/* What `dossier-cli COMMAND --help` prints: the command's synopsis (option
 * names are not translated) and what it does, option by option. */
typedef struct {
  const char *name;
  const char *synopsis;
  const char *help;
} DossierCliHelp;

static const DossierCliHelp command_help[] = {
  { "parse", "parse FILE|URL [--json]",
    N_("Reads one feed (RSS, Atom or JSON Feed), from a file or fetched from an\n"
       "address, and prints it as JSON; nothing is stored. Stories are printed as\n"
       "they are read, so a feed of any length takes little memory.\n"
       "\n"
       "  --json    one compact line (the format other tools read); without it,\n"
       "            the same object indented for people") },
  { "add", "add URL [--folder NAME]",
    N_("Subscribes to a feed. The address of a web page is enough: its feed is\n"
       "found from the page. The feed is fetched and its stories stored at once.\n"
       "\n"
       "  --folder NAME    file the subscription in this folder") },
  { "remove", "remove FEED_ID",
    N_("Unsubscribes from a feed and deletes its stories.\n"
       "FEED_ID is the number `feeds` shows.") },
  { "feeds", "feeds [--json]",
    N_("Lists the subscriptions: id, title, folder, unread stories, the last\n"
       "refresh and its error, if any.\n"
       "\n"
       "  --json    print them as JSON") },
  { "import-opml", "import-opml FILE",
    N_("Subscribes to every feed of an OPML file, keeping its folders. Feeds\n"
       "already followed are left as they are; a broken file changes nothing.") },
  { "export-opml", "export-opml [FILE]",
    N_("Writes the subscriptions, with their folders, as OPML to FILE, or to the\n"
       "standard output without one.") },
  { "add-samples", "add-samples [--folder NAME]",
    N_("Subscribes to the sample feeds that ship with Dossier, read from files\n"
       "without a network, and stores their stories.\n"
       "\n"
       "  --folder NAME    their folder (default: Samples)") },
  { "recommended", "recommended",
    N_("Prints the path of the curated list of recommended feeds, an OPML file\n"
       "for import-opml.") },
  { "refresh", "refresh [--feed FEED_ID] [--all] [--max-age DAYS]",
    N_("Fetches the feeds that are due, stores and files their new stories, and\n"
       "prints a line per feed and a total. A feed that fails is recorded with\n"
       "its reason and retried later.\n"
       "\n"
       "  --feed FEED_ID    only this feed, due or not\n"
       "  --all             every feed, due or not\n"
       "  --max-age DAYS    then delete stories older than DAYS from feeds without\n"
       "                    a limit of their own (starred stories stay)") },
  { "set", "set FEED_ID [--title TITLE] [--folder FOLDER] [--interval MINUTES] [--max-age DAYS]\n"
           "    [--full-article on|off] [--allow-insecure on|off]",
    N_("Changes a subscription.\n"
       "\n"
       "  --title TITLE           the name shown for it (empty: the feed's own)\n"
       "  --folder FOLDER         its folder (empty: none)\n"
       "  --interval MINUTES      how often it is checked (0: the default)\n"
       "  --max-age DAYS          how long its stories are kept (0: the default)\n"
       "  --full-article on|off   fetch the whole article of its new stories\n"
       "  --allow-insecure on|off let an https feed follow a redirect to http") },
  { "list", "list [--feed FEED_ID] [--folder NAME] [--entity SLUG]... [--topic SLUG]...\n"
            "                      [--search QUERY] [--since DATE] [--until DATE] [--unread] [--starred]\n"
            "                      [--saved ID] [--limit N] [--offset N] [--json]",
    N_("Lists stories, newest first. Filters combine.\n"
       "\n"
       "  --feed FEED_ID     from one feed\n"
       "  --folder NAME      from the feeds of one folder\n"
       "  --entity SLUG      about an entity (again for several)\n"
       "  --topic SLUG       on a topic (again for several)\n"
       "  --search QUERY     with these words, \"phrases\" or prefixes*\n"
       "  --since DATE       published on or after DATE (2025-07-15)\n"
       "  --until DATE       published on or before DATE\n"
       "  --unread           only unread stories\n"
       "  --starred          only starred stories\n"
       "  --saved ID         the filters of a saved search\n"
       "  --limit N          at most N stories\n"
       "  --offset N         skip the first N\n"
       "  --json             print them as JSON") },
  { "show", "show ARTICLE_ID [--json]",
    N_("Prints one story: its feeds, date, author, text, and the entities and\n"
       "topics it is filed under, with the names that filed it.\n"
       "\n"
       "  --json    print it as JSON") },
  { "export", "export --format csv|json|markdown [list filters]",
    N_("Writes every story that the filters of `list` select to the standard\n"
       "output: as CSV or JSON, or as a Markdown brief (title, outlet, date, link\n"
       "and first paragraph of each).\n"
       "\n"
       "  --format csv|json|markdown    the format (required)") },
  { "cite", "cite ARTICLE_ID [--format text|markdown|bibtex]",
    N_("Prints a citation of one story: outlet, author, title, date and link.\n"
       "\n"
       "  --format text|markdown|bibtex    its form (default: text)") },
  { "extract", "extract FILE|URL [--json]",
    N_("Finds the main text of an article page (a file, or fetched from an\n"
       "address) and prints its title and paragraphs; nothing is stored.\n"
       "\n"
       "  --json    print {\"title\", \"text\", \"paragraphs\"} as JSON") },
  { "fetch-article", "fetch-article ARTICLE_ID",
    N_("Fetches the page of a story, extracts its whole article and stores it in\n"
       "place of the feed's text, searched and filed as the rest.") },
  { "entities", "entities [--json]",
    N_("Lists the companies, agencies, people and products, with how many stories\n"
       "mention each.\n"
       "\n"
       "  --json    print them as JSON") },
  { "topics", "topics [--json]",
    N_("Lists the policy topics, with how many stories each has.\n"
       "\n"
       "  --json    print them as JSON") },
  { "stats", "stats --entity SLUG|--topic SLUG [--by day|week|month] [--since DATE] [--until DATE] [--json]",
    N_("Counts an entity's or a topic's stories per period, periods without a\n"
       "story included.\n"
       "\n"
       "  --entity SLUG | --topic SLUG    what to count (one of them)\n"
       "  --by day|week|month             the period (default: day; weeks start on Monday)\n"
       "  --since DATE, --until DATE      the span (--until includes its day)\n"
       "  --json                          print them as JSON") },
  { "related", "related SLUG [--since DATE] [--limit N] [--json]",
    N_("Lists the entities and topics filed most often with SLUG.\n"
       "\n"
       "  --since DATE    only stories since DATE\n"
       "  --limit N       at most N of each\n"
       "  --json          print them as JSON") },
  { "add-entity", "add-entity SLUG --name NAME [--name-ar NAME] [--kind KIND] [--description TEXT]\n"
                  "                      [--description-ar TEXT] [--alias NAME]... [--exact-alias NAME]...",
    N_("Adds an entity of your own, then files the stored stories again.\n"
       "\n"
       "  --name NAME              its English name (required)\n"
       "  --name-ar NAME           its Arabic name\n"
       "  --kind KIND              company, agency, person or product\n"
       "  --description TEXT       a line about it, in English\n"
       "  --description-ar TEXT    the same in Arabic\n"
       "  --alias NAME             another name it is known by (again for more)\n"
       "  --exact-alias NAME       a name that matches only in the same letter case") },
  { "edit-entity", "edit-entity SLUG [--name NAME] [--name-ar NAME] [--description TEXT]\n"
                   "                      [--alias NAME]... [--exact-alias NAME]... [--remove-alias NAME]...",
    N_("Changes an entity (a shipped one keeps its names but takes your aliases),\n"
       "then files the stored stories again.\n"
       "\n"
       "  --name, --name-ar, --description, --description-ar    as for add-entity\n"
       "  --alias NAME, --exact-alias NAME                      add an alias\n"
       "  --remove-alias NAME                                   remove one") },
  { "remove-entity", "remove-entity SLUG",
    N_("Removes one of your own entities and unfiles its stories.") },
  { "add-topic", "add-topic SLUG --name NAME [--name-ar NAME] [--description TEXT] [--keyword WORDS]...",
    N_("Adds a topic of your own, then files the stored stories again.\n"
       "\n"
       "  --name NAME       its English name (required)\n"
       "  --name-ar NAME    its Arabic name\n"
       "  --keyword WORDS   a keyword: '|' separates spellings of one keyword, a\n"
       "                    leading '+' makes it strong enough on its own") },
  { "edit-topic", "edit-topic SLUG [--name NAME] [--keyword WORDS]... [--remove-keyword WORDS]...",
    N_("Changes a topic, then files the stored stories again.\n"
       "\n"
       "  --name, --name-ar, --description    as for add-topic\n"
       "  --keyword WORDS                     add a keyword\n"
       "  --remove-keyword WORDS              remove one") },
  { "remove-topic", "remove-topic SLUG",
    N_("Removes one of your own topics and unfiles its stories.") },
  { "watch", "watch SLUG",
    N_("Asks to be told when a refresh brings new stories about an entity or a\n"
       "topic: `refresh` prints them, and the application sends a notification.") },
  { "unwatch", "unwatch SLUG",
    N_("Stops telling of an entity's or a topic's new stories.") },
  { "save-search", "save-search NAME [list filters] [--period day|week|month|year] [--watch]",
    N_("Keeps a filter under a name, to list with `list --saved ID` and to see in\n"
       "the sidebar.\n"
       "\n"
       "  --period day|week|month|year    a date range relative to now\n"
       "  --watch                         tell of its new stories after each refresh") },
  { "searches", "searches [--json]",
    N_("Lists the saved searches; a * marks the watched ones.\n"
       "\n"
       "  --json    print them as JSON") },
  { "remove-search", "remove-search ID",
    N_("Forgets a saved search.") },
  { "retag", "retag",
    N_("Finishes filing the stored stories again after entities or topics changed\n"
       "(an interrupted run goes on from where it stopped).") },
};

/* Does an argument after the command ask for its help? */
static gboolean
wants_help (int    argc,
            char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--"))
        return FALSE;
      if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h"))
        return TRUE;
    }
  return FALSE;
}

static int
print_command_help (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (command_help); i++)
    if (g_str_equal (command_help[i].name, name))
      {
        printf (_("Usage: dossier-cli [--db PATH] %s"), command_help[i].synopsis);
        printf ("\n\n%s\n\n%s\n", _(command_help[i].help),
                _("  --db PATH    use this database instead of the default one (before the command)"));
        return 0;
      }
  /* Every command has its help: a missing one is a bug, said as such. */
  return dossier_cli_fail (_("No help for “%s”"), name);
}
/* Bytes of an error line, about. */
#define MAX_MESSAGE 1000

int
dossier_cli_fail (const char *format,
                  ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* One line of text, whatever the message held (a file name is bytes). */
  g_strdelimit (message, "\r\n", ' ');
  if (!g_utf8_validate (message, -1, NULL))
    {
      char *valid = g_utf8_make_valid (message, -1);

      g_free (message);
      message = valid;
    }
  /* A message quoting a huge argument keeps its start and its end, where
   * the reason is. */
  if (strlen (message) > MAX_MESSAGE)
    {
      const char *head_end = g_utf8_find_prev_char (message, message + MAX_MESSAGE / 2);
      const char *tail = g_utf8_find_next_char (message + strlen (message) - MAX_MESSAGE / 2, NULL);
      char *shortened = g_strdup_printf ("%.*s … %s", (int) (head_end - message), message, tail);

      g_free (message);
      message = shortened;
    }
  fprintf (stderr, "dossier-cli: %s\n", message);
  return 1;
}

/* Every argument but a file name is text, and text is UTF-8: a Latin-1
 * title would be stored as bytes that no export can write. */
static gboolean
check_arguments (const DossierCliCommand  *command,
                 int                       argc,
                 char                    **argv)
{
  for (int i = 1; i < argc; i++)
    {
      g_autofree char *shown = NULL;

      if (g_utf8_validate (argv[i], -1, NULL) || (command->takes_files && argv[i][0] != '-'))
        continue;
      shown = g_utf8_make_valid (argv[i], -1);
      dossier_cli_fail (_("The argument “%s” is not valid UTF-8 text"), shown);
      return FALSE;
    }
  return TRUE;
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

  /* One that cannot be written is opened for reading; a change then says
   * that it is read-only. */
  return dossier_store_open (path, error);
}

DossierStore *
dossier_cli_open_store_for_writing (const DossierCliGlobals  *globals,
                                    GError                  **error)
{
  g_autoptr(DossierStore) store = dossier_cli_open_store (globals, error);

  /* Before the network is asked for anything that could not be kept. */
  if (store != NULL && dossier_store_is_read_only (store))
    {
      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_READ_ONLY,
                   _("%s is read-only: it can be read, but nothing can be changed"),
                   dossier_store_get_path (store));
      return NULL;
    }
  return g_steal_pointer (&store);
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
  fprintf (out, "\n%s\n", _("“dossier-cli COMMAND --help” tells more of each command and its options."));
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
      else if (g_str_equal (argv[i], "--db"))
        return dossier_cli_fail (_("--db needs the path of a database"));
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

  /* An empty path is no database, not a temporary one. */
  if (globals.db_path != NULL && globals.db_path[0] == '\0')
    return dossier_cli_fail (_("--db needs the path of a database, not an empty one"));

  if (i >= argc)
    {
      print_usage (stderr);
      return 2;
    }

  for (gsize c = 0; c < G_N_ELEMENTS (commands); c++)
    {
      if (!g_str_equal (argv[i], commands[c].name))
        continue;
      /* Every command answers --help with its own usage, before it reads
       * any other argument (a file called "--help" is written ./--help). */
      if (wants_help (argc - i, argv + i))
        return print_command_help (commands[c].name);
      if (!check_arguments (&commands[c], argc - i, argv + i))
        return 1;
      return commands[c].func (&globals, argc - i, argv + i);
    }

  return dossier_cli_fail (_("Unknown command “%s”; see dossier-cli --help"), argv[i]);
}
