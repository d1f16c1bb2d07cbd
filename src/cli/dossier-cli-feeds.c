/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "dossier-cli-private.h"
#include "dossier-reading-private.h"
#include "dossier-date.h"
#include "dossier-error.h"
#include "dossier-fetcher.h"
#include "dossier-opml.h"
#include "dossier-read.h"
#include "dossier-refresh.h"
#include "dossier-samples-private.h"

/* Days or minutes beyond this are surely a typing error. */
#define MAX_SETTING 100000

/* Numbers that go into translated messages are formatted apart: a format
 * macro such as G_GINT64_FORMAT inside _() would cut the message
 * catalogue's copy of the message at the macro. */
static char *
format_id (gint64 id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, id);
}

static char *
format_feed_count (guint n)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u feed", "%u feeds", n), n);
}

static const char *
status_name (DossierFeedStatus status)
{
  switch (status)
    {
    case DOSSIER_FEED_STATUS_OK:    return "ok";
    case DOSSIER_FEED_STATUS_ERROR: return "error";
    case DOSSIER_FEED_STATUS_GONE:  return "gone";
    default:                        return "ok";
    }
}

DOSSIER_CLI_COMMAND (dossier_cli_cmd_add)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(DossierFetcher) fetcher = NULL;
  g_autoptr(GPtrArray) others = NULL;
  g_autoptr(DossierFeedInfo) info = NULL;
  g_autofree char *id_text = NULL;
  g_autofree char *stories = NULL;
  const char *url = NULL;
  const char *folder = NULL;
  guint n_stories;
  gint64 id;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--folder") && i + 1 < argc)
        folder = argv[++i];
      else if (argv[i][0] == '-')
        return dossier_cli_fail (_("Unknown option “%s” for add"), argv[i]);
      else if (url == NULL)
        url = argv[i];
      else
        return dossier_cli_fail (_("add takes one URL"));
    }
  if (url == NULL)
    return dossier_cli_fail (_("Usage: dossier-cli add URL [--folder NAME]"));

  store = dossier_cli_open_store_for_writing (globals, &error);
  if (store == NULL)
    return dossier_cli_fail_error (error);

  fetcher = dossier_fetcher_new ();
  id = dossier_subscribe (store, fetcher, url, folder, &others, NULL, &error);
  if (id == 0)
    return dossier_cli_fail_error (error);

  info = dossier_store_get_feed (store, id, NULL);
  n_stories = info != NULL ? info->article_count : 0;
  id_text = format_id (id);
  stories = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u story", "%u stories", n_stories), n_stories);
  /* TRANSLATORS: the feed's title, its number, and "12 stories" */
  printf (_("Subscribed to %s (feed %s): %s\n"),
          info && info->title ? info->title : url, id_text, stories);
  if (info != NULL && !g_str_equal (info->url, url))
    printf (_("Feed address: %s\n"), info->url);
  if (error != NULL)
    fprintf (stderr, "dossier-cli: %s\n", error->message);
  for (guint i = 0; others != NULL && i < others->len; i++)
    printf (_("The page also offers: %s\n"), (const char *) g_ptr_array_index (others, i));
  return 0;
}

DOSSIER_CLI_COMMAND (dossier_cli_cmd_remove)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = NULL;
  g_autofree char *id_text = NULL;
  gint64 id;

  if (argc != 2 || !dossier_cli_parse_id (argv[1], &id))
    return dossier_cli_fail (_("Usage: dossier-cli remove FEED_ID"));

  store = dossier_cli_open_store (globals, &error);
  if (store == NULL || !dossier_store_remove_feed (store, id, &error))
    return dossier_cli_fail_error (error);
  id_text = format_id (id);
  printf (_("Removed feed %s\n"), id_text);
  return 0;
}

DOSSIER_CLI_COMMAND (dossier_cli_cmd_feeds)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(GPtrArray) feeds = NULL;
  gboolean as_json = FALSE;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--json"))
        as_json = TRUE;
      else
        return dossier_cli_fail (_("Usage: dossier-cli feeds [--json]"));
    }

  store = dossier_cli_open_store (globals, &error);
  if (store == NULL || (feeds = dossier_store_list_feeds (store, &error)) == NULL)
    return dossier_cli_fail_error (error);

  if (as_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < feeds->len; i++)
        {
          DossierFeedInfo *f = g_ptr_array_index (feeds, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_int_value (builder, f->id);
          dossier_json_add_string (builder, "url", f->url);
          dossier_json_add_string (builder, "title", f->title);
          dossier_json_add_string (builder, "site_url", f->site_url);
          dossier_json_add_string (builder, "folder", f->folder);
          dossier_json_add_string (builder, "status", status_name (f->status));
          dossier_json_add_string (builder, "last_error", f->last_error);
          dossier_json_add_date (builder, "last_fetched", f->last_fetched);
          dossier_json_add_date (builder, "next_fetch", f->next_fetch);
          json_builder_set_member_name (builder, "unread");
          json_builder_add_int_value (builder, f->unread_count);
          json_builder_set_member_name (builder, "articles");
          json_builder_add_int_value (builder, f->article_count);
          json_builder_set_member_name (builder, "allow_insecure");
          json_builder_add_boolean_value (builder, f->allow_insecure);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      dossier_cli_print_json (root);
      return 0;
    }

  for (guint i = 0; i < feeds->len; i++)
    {
      DossierFeedInfo *f = g_ptr_array_index (feeds, i);

      printf ("%4" G_GINT64_FORMAT "  %-5s  %5u/%-5u  %s%s%s  <%s>\n",
              f->id, status_name (f->status), f->unread_count, f->article_count,
              f->folder ? f->folder : "", f->folder ? " / " : "",
              f->title ? f->title : f->url, f->url);
      if (f->last_error != NULL)
        printf ("      %s\n", f->last_error);
    }
  return 0;
}

DOSSIER_CLI_COMMAND (dossier_cli_cmd_import_opml)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) contents = NULL;
  g_autofree char *name = NULL;
  g_autofree char *imported = NULL;
  g_autofree char *subscribed = NULL;
  g_autofree char *skipped = NULL;
  guint added = 0, existing = 0;

  if (argc != 2)
    return dossier_cli_fail (_("Usage: dossier-cli import-opml FILE"));

  /* Read as a stream with a limit: /dev/zero is refused, not read whole. */
  file = g_file_new_for_commandline_arg (argv[1]);
  contents = dossier_read_file (file, DOSSIER_READ_MAX, NULL, &error);
  if (contents == NULL)
    return dossier_cli_fail_error (error);
  name = g_file_get_parse_name (file);
  entries = dossier_opml_parse (g_bytes_get_data (contents, NULL), g_bytes_get_size (contents), &problems, &error);
  if (entries == NULL)
    return dossier_cli_fail ("%s: %s", name, error->message);

  store = dossier_cli_open_store_for_writing (globals, &error);
  if (store == NULL || !dossier_store_import_feeds (store, entries, &added, &existing, &error))
    return dossier_cli_fail_error (error);

  for (guint i = 0; i < problems->len; i++)
    fprintf (stderr, "dossier-cli: %s: %s\n", name, (const char *) g_ptr_array_index (problems, i));
  subscribed = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u already subscribed", "%u already subscribed",
                                             existing), existing);
  skipped = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u entry skipped", "%u entries skipped",
                                          problems->len), problems->len);
  imported = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u feed", "Imported %u feeds", added), added);
  /* TRANSLATORS: "Imported 3 feeds (0 already subscribed, 2 entries
   * skipped)"; each part is one of the messages above. */
  printf (_("%s (%s, %s)\n"), imported, subscribed, skipped);
  return 0;
}

/* A file is replaced whole (a crash never leaves half an export); a
 * device or a pipe (/dev/stdout, a FIFO) is written to as it is, never
 * replaced by a file. */
static gboolean
write_file (const char  *path,
            const char  *contents,
            GError     **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS) || g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return g_file_set_contents (path, contents, -1, error);
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *shown = g_filename_display_name (path);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY, _("%s is a folder"), shown);
      return FALSE;
    }
  file = g_file_new_for_path (path);
  stream = g_file_append_to (file, G_FILE_CREATE_NONE, NULL, error);
  return stream != NULL &&
         g_output_stream_write_all (G_OUTPUT_STREAM (stream), contents, strlen (contents), NULL, NULL, error) &&
         g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, error);
}

DOSSIER_CLI_COMMAND (dossier_cli_cmd_export_opml)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = NULL;
  g_autofree char *opml = NULL;
  guint n_feeds = 0;

  if (argc > 2)
    return dossier_cli_fail (_("Usage: dossier-cli export-opml [FILE]"));

  store = dossier_cli_open_store (globals, &error);
  if (store == NULL ||
      (opml = dossier_store_export_opml (store, _("Dossier subscriptions"), &n_feeds, &error)) == NULL)
    return dossier_cli_fail_error (error);

  if (argc == 2)
    {
      if (!write_file (argv[1], opml, &error))
        return dossier_cli_fail_error (error);
      g_autofree char *feeds = format_feed_count (n_feeds);

      /* TRANSLATORS: "Wrote 12 feeds to FILE" */
      printf (_("Wrote %s to %s\n"), feeds, argv[1]);
    }
  else
    fputs (opml, stdout);
  return 0;
}

typedef struct {
  guint feeds;
  guint new_articles;
  guint updated_articles;
  guint unchanged;
  guint failed;
} RefreshTotals;

static void
print_refresh_result (const DossierRefreshResult *r,
                      gpointer                    user_data)
{
  RefreshTotals *totals = user_data;
  const char *name = r->title != NULL ? r->title : r->url;
  g_autofree char *id = format_id (r->feed_id);

  totals->feeds++;
  switch (r->status)
    {
    case DOSSIER_REFRESH_UPDATED:
      totals->new_articles += r->new_articles;
      totals->updated_articles += r->updated_articles;
      printf (_("[%s] %s: %u new, %u updated\n"),
              id, name, r->new_articles, r->updated_articles);
      break;
    case DOSSIER_REFRESH_UNCHANGED:
      totals->unchanged++;
      printf (_("[%s] %s: unchanged\n"), id, name);
      break;
    case DOSSIER_REFRESH_GONE:
      totals->failed++;
      printf (_("[%s] %s: gone: %s\n"), id, name, r->message);
      break;
    case DOSSIER_REFRESH_FAILED:
    default:
      totals->failed++;
      printf (_("[%s] %s: error: %s\n"), id, name, r->message);
      break;
    }
  if (r->status == DOSSIER_REFRESH_UPDATED && r->message != NULL)
    printf (_("    recovered: %s\n"), r->message);
  if (r->moved_to != NULL)
    printf (_("    moved for good to %s\n"), r->moved_to);
  fflush (stdout);
}

DOSSIER_CLI_COMMAND (dossier_cli_cmd_refresh)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(DossierFetcher) fetcher = NULL;
  g_autoptr(GArray) ids = NULL;
  RefreshTotals totals = { 0 };
  gint64 feed_id = 0;
  gboolean all = FALSE;
  int max_age = 0;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *feeds = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  gint64 purged;
  gint64 last_id;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--feed") && i + 1 < argc)
        {
          if (!dossier_cli_parse_id (argv[++i], &feed_id))
            return dossier_cli_fail (_("“%s” is not a feed id"), argv[i]);
        }
      else if (g_str_equal (argv[i], "--all"))
        all = TRUE;
      else if (g_str_equal (argv[i], "--max-age") && i + 1 < argc)
        {
          guint days = 0;

          if (!dossier_cli_parse_count (argv[++i], MAX_SETTING, &days) || days == 0)
            return dossier_cli_fail (_("“%s” is not a number of days"), argv[i]);
          max_age = (int) days;
        }
      else
        return dossier_cli_fail (_("Usage: dossier-cli refresh [--feed FEED_ID] [--all] [--max-age DAYS]"));
    }

  store = dossier_cli_open_store_for_writing (globals, &error);
  if (store == NULL)
    return dossier_cli_fail_error (error);

  if (feed_id != 0)
    {
      g_autoptr(DossierFeedInfo) info = dossier_store_get_feed (store, feed_id, &error);

      if (info == NULL)
        return dossier_cli_fail_error (error);
      ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_array_append_val (ids, feed_id);
    }
  else
    {
      ids = dossier_store_due_feeds (store, all ? G_MAXINT64 : now, &error);
      if (ids == NULL)
        return dossier_cli_fail_error (error);
    }

  /* What is above it afterwards is what this refresh brought. */
  last_id = dossier_store_last_article_id (store, &error);
  if (last_id < 0)
    return dossier_cli_fail_error (error);
  fetcher = dossier_fetcher_new ();
  if (!dossier_refresh_feeds (store, fetcher, ids, NULL, print_refresh_result, &totals, &error))
    return dossier_cli_fail_error (error);

  feeds = format_feed_count (totals.feeds);
  /* TRANSLATORS: "2 feeds: 0 new, 0 updated, 2 unchanged, 0 failed"; the
   * first part is "%u feed" above, the counts are of stories and feeds. */
  printf (_("%s: %u new, %u updated, %u unchanged, %u failed\n"),
          feeds, totals.new_articles, totals.updated_articles, totals.unchanged, totals.failed);

  /* The pages of new stories of feeds that ask for full articles. */
  {
    g_autoptr(DossierFetcher) pages = dossier_page_fetcher_new ();
    int fetched = dossier_fetch_pending_full_articles (store, pages, NULL, &error);

    if (fetched < 0)
      return dossier_cli_fail_error (error);
    if (fetched > 0)
      printf (_("Full articles fetched: %d\n"), fetched);
  }

  /* Stories stored before an edit of the entities are filed again; a run
   * stopped half-way goes on here. */
  if (!dossier_cli_retag_if_needed (store, &error))
    return dossier_cli_fail_error (error);

  /* Old stories go after the new ones are in: each feed's own maximum age,
   * else --max-age; starred stories stay. */
  purged = dossier_store_purge (store, now, max_age, &error);
  if (purged < 0)
    return dossier_cli_fail_error (error);
  if (purged > 0)
    {
      /* Plural rules want an unsigned long; nobody keeps more stories. */
      gulong n = (gulong) MIN (purged, G_MAXLONG);

      printf (g_dngettext (GETTEXT_PACKAGE, "%lu old story deleted\n", "%lu old stories deleted\n", n), n);
    }

  /* After the purge, as the application does: a story just deleted for
   * its age is no news. */
  hits = dossier_store_watch_hits (store, last_id, &error);
  if (hits == NULL)
    return dossier_cli_fail_error (error);
  dossier_cli_print_watch_hits (hits);
  return 0;
}

DOSSIER_CLI_COMMAND (dossier_cli_cmd_add_samples)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(DossierFetcher) fetcher = NULL;
  g_autoptr(GPtrArray) uris = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autofree char *feeds = NULL;
  RefreshTotals totals = { 0 };
  const char *folder = NULL;
  guint added = 0;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--folder") && i + 1 < argc)
        folder = argv[++i];
      else
        return dossier_cli_fail (_("Usage: dossier-cli add-samples [--folder NAME]"));
    }

  store = dossier_cli_open_store_for_writing (globals, &error);
  if (store == NULL || !dossier_samples_subscribe (store, folder, &added, &error))
    return dossier_cli_fail_error (error);

  if (added > 0)
    printf (g_dngettext (GETTEXT_PACKAGE, "Subscribed to %u sample feed\n", "Subscribed to %u sample feeds\n",
                         added), added);
  else
    printf (_("Already subscribed to every sample feed\n"));

  /* Every sample feed is read again, not only the new ones: a sample
   * subscribed before gets what a newer Dossier ships. */
  uris = dossier_samples_list_feeds (&error);
  if (uris == NULL)
    return dossier_cli_fail_error (error);
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < uris->len; i++)
    {
      gint64 id = dossier_store_find_feed (store, g_ptr_array_index (uris, i));

      if (id != 0)
        g_array_append_val (ids, id);
    }

  fetcher = dossier_fetcher_new ();
  if (!dossier_refresh_feeds (store, fetcher, ids, NULL, print_refresh_result, &totals, &error))
    return dossier_cli_fail_error (error);
  feeds = format_feed_count (totals.feeds);
  printf (_("%s: %u new, %u updated, %u unchanged, %u failed\n"),
          feeds, totals.new_articles, totals.updated_articles, totals.unchanged, totals.failed);
  /* A sample that cannot be read is a broken installation. */
  return totals.failed > 0 ? 1 : 0;
}

DOSSIER_CLI_COMMAND (dossier_cli_cmd_recommended)
{
  g_autofree char *path = NULL;

  if (argc != 1)
    return dossier_cli_fail (_("Usage: dossier-cli recommended"));
  path = dossier_samples_find_recommended ();
  if (path == NULL)
    return dossier_cli_fail (_("The list of recommended feeds is not installed"));
  printf ("%s\n", path);
  return 0;
}

DOSSIER_CLI_COMMAND (dossier_cli_cmd_set)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(DossierFeedInfo) info = NULL;
  g_autofree char *id_text = NULL;
  const char *title = NULL, *folder = NULL;
  int interval = -1, max_age = -1, full_article = -1, insecure = -1;
  gint64 id;

  if (argc < 3 || !dossier_cli_parse_id (argv[1], &id))
    return dossier_cli_fail (_("Usage: dossier-cli set FEED_ID [--title T] [--folder F] [--interval MINUTES] "
                               "[--max-age DAYS] [--full-article on|off] [--allow-insecure on|off]"));

  for (int i = 2; i < argc; i++)
    {
      guint number = 0;

      if (i + 1 >= argc)
        return dossier_cli_fail (_("Unknown option “%s”, or it needs a value"), argv[i]);
      if (g_str_equal (argv[i], "--title"))
        title = argv[++i];
      else if (g_str_equal (argv[i], "--folder"))
        folder = argv[++i];
      else if (g_str_equal (argv[i], "--full-article"))
        {
          const char *value = argv[++i];

          if (g_str_equal (value, "on"))
            full_article = 1;
          else if (g_str_equal (value, "off"))
            full_article = 0;
          else
            return dossier_cli_fail (_("--full-article is on or off, not “%s”"), value);
        }
      else if (g_str_equal (argv[i], "--allow-insecure"))
        {
          /* Whether an https feed may follow a redirect to http. */
          const char *value = argv[++i];

          if (g_str_equal (value, "on"))
            insecure = TRUE;
          else if (g_str_equal (value, "off"))
            insecure = FALSE;
          else
            return dossier_cli_fail (_("--allow-insecure is on or off, not “%s”"), value);
        }
      else if ((g_str_equal (argv[i], "--interval") || g_str_equal (argv[i], "--max-age")))
        {
          const char *name = argv[i++];

          /* 0 means the default: every 60 minutes, keep everything. */
          if (!dossier_cli_parse_count (argv[i], MAX_SETTING, &number))
            return dossier_cli_fail (_("“%s” is not a number"), argv[i]);
          if (g_str_equal (name, "--interval"))
            interval = (int) number;
          else
            max_age = (int) number;
        }
      else
        return dossier_cli_fail (_("Unknown option “%s”"), argv[i]);
    }

  store = dossier_cli_open_store (globals, &error);
  if (store == NULL || (info = dossier_store_get_feed (store, id, &error)) == NULL)
    return dossier_cli_fail_error (error);
  /* One edit: all of its changes, or none. */
  if (!dossier_store_begin (store, &error))
    return dossier_cli_fail_error (error);
  if ((full_article >= 0 && !dossier_store_set_feed_full_article (store, id, full_article, &error)) ||
      (title != NULL && !dossier_store_set_feed_title (store, id, title, &error)) ||
      (folder != NULL && !dossier_store_set_feed_folder (store, id, folder, &error)) ||
      ((interval >= 0 || max_age >= 0) &&
       !dossier_store_set_feed_options (store, id,
                                        interval >= 0 ? interval : info->interval_minutes,
                                        max_age >= 0 ? max_age : info->retention_days, &error)) ||
      (insecure >= 0 && !dossier_store_set_feed_allow_insecure (store, id, insecure, &error)) ||
      !dossier_store_commit (store, &error))
    {
      dossier_store_rollback (store);
      return dossier_cli_fail_error (error);
    }
  id_text = format_id (id);
  printf (_("Feed %s updated\n"), id_text);
  return 0;
}
