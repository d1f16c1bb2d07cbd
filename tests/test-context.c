/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The context's refresh does all its work in its worker thread: fetching,
 * parsing and storing go on while the caller's main loop is held and not
 * run, as the window's loop must never run any of it. */

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "dossier-store.h"
#include "dossier-context.h"
#include "dossier-context-events.h"
#include "dossier-context-reading.h"
#include "dossier-date.h"
#include "dossier-error.h"
#include "test-util.h"

static const char feed[] =
  "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title>"
  "<item><guid>a</guid><title>Nvidia resumes H20 sales</title><pubDate>Mon, 14 Jul 2025 09:00:00 GMT</pubDate></item>"
  "<item><guid>b</guid><title>Huawei builds alternatives</title><pubDate>Tue, 15 Jul 2025 09:00:00 GMT</pubDate></item>"
  "</channel></rss>";

static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           data)
{
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_STATIC, feed, strlen (feed));
}

static guint
stored (const char *path)
{
  g_autoptr(DossierStore) store = dossier_store_open (path, NULL);
  g_autoptr(GPtrArray) rows = NULL;
  DossierQuery q;
  guint total = 0;

  g_assert_nonnull (store);
  dossier_query_init (&q);
  rows = dossier_store_query (store, &q, &total, NULL);
  return total;
}

static void
on_refreshed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  DossierRefreshSummary **summary = user_data;
  g_autoptr(GError) error = NULL;

  *summary = dossier_context_refresh_finish (DOSSIER_CONTEXT (source), result, &error);
  g_assert_no_error (error);
}

static void
test_refresh_without_main_loop (void)
{
  TestServer *server = test_server_start (handle, NULL);
  g_autofree char *dir = test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "dossier.db", NULL);
  g_autofree char *url = g_strdup_printf ("%s/feed.xml", test_server_url (server));
  g_autoptr(DossierStore) store = dossier_store_open (path, NULL);
  g_autoptr(DossierContext) context = NULL;
  DossierRefreshSummary *summary = NULL;

  g_assert_cmpint (dossier_store_add_feed (store, url, NULL, NULL, NULL), >, 0);
  g_clear_pointer (&store, dossier_store_close);
  context = dossier_context_new (path);

  /* Held, so that nothing else can run it either. */
  g_assert_true (g_main_context_acquire (NULL));
  dossier_context_refresh_async (context, TRUE, NULL, on_refreshed_cb, &summary);
  /* No deadline of its own: the refresh thread runs niced (nice 10), and
   * on a machine kept busy by other work it gets a few percent of a
   * processor (it took over 10 s under the sanitizers at load 16); the
   * test's time limit is the guard against a hang. */
  while (stored (path) < 2)
    g_usleep (10 * 1000);
  g_main_context_release (NULL);

  /* Only the result comes back through the caller's loop. */
  while (summary == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (summary->feeds, ==, 1);
  g_assert_cmpuint (summary->new_articles, ==, 2);
  g_assert_cmpuint (summary->failed, ==, 0);
  dossier_refresh_summary_free (summary);

  g_clear_object (&context);
  test_server_stop (server);
  test_remove_database (dir, path);
}

static const char panel_feed[] =
  "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Panel wire</title>"
  "<item><guid>p1</guid><title>Nvidia and Huawei race for Chinese buyers</title>"
  "<pubDate>Mon, 07 Jul 2025 09:00:00 GMT</pubDate></item>"
  "<item><guid>p2</guid><title>إنفيديا تستأنف المبيعات</title>"
  "<pubDate>Wed, 09 Jul 2025 09:00:00 GMT</pubDate></item>"
  "<item><guid>p3</guid><title>Nvidia faces new export controls</title>"
  "<pubDate>Tue, 15 Jul 2025 09:00:00 GMT</pubDate></item>"
  "<item><guid>p4</guid><title>Huawei opens a lab</title>"
  "<pubDate>Wed, 16 Jul 2025 09:00:00 GMT</pubDate></item>"
  "</channel></rss>";

static void
handle_panel (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           data)
{
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_STATIC,
                                    panel_feed, strlen (panel_feed));
}

static void
on_result_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static const DossierTagInfo *
find_info (GPtrArray  *tags,
           const char *slug)
{
  for (guint i = 0; i < tags->len; i++)
    {
      const DossierTagInfo *info = g_ptr_array_index (tags, i);

      if (g_str_equal (info->slug, slug))
        return info;
    }
  return NULL;
}

/* An entity panel's facts and chart come from the context's jobs: the
 * entity with its names, what it is filed with, which names filed it, and
 * its weekly counts with empty weeks kept. */
static void
test_tag_panel_jobs (void)
{
  TestServer *server = test_server_start (handle_panel, NULL);
  g_autofree char *dir = test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "dossier.db", NULL);
  g_autofree char *url = g_strdup_printf ("%s/panel.xml", test_server_url (server));
  g_autoptr(DossierStore) store = dossier_store_open (path, NULL);
  g_autoptr(DossierContext) context = NULL;
  g_autoptr(DossierTagOverview) overview = NULL;
  g_autoptr(GPtrArray) series = NULL;
  g_autoptr(GError) error = NULL;
  DossierRefreshSummary *summary = NULL;
  GAsyncResult *result = NULL;
  const DossierTagInfo *huawei;
  const char *slugs[] = { "nvidia", "huawei", NULL };
  GArray *nvidia_weeks, *huawei_weeks;
  gboolean found_latin = FALSE, found_arabic = FALSE;

  g_assert_cmpint (dossier_store_add_feed (store, url, NULL, NULL, NULL), >, 0);
  g_clear_pointer (&store, dossier_store_close);
  context = dossier_context_new (path);
  dossier_context_refresh_async (context, TRUE, NULL, on_refreshed_cb, &summary);
  while (summary == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (summary->new_articles, ==, 4);
  dossier_refresh_summary_free (summary);

  dossier_context_tag_overview_async (context, "nvidia", DOSSIER_DATE_NONE, NULL, on_result_cb, &result);
  overview = dossier_context_tag_overview_finish (context, wait_result (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_cmpstr (overview->info->name_en, ==, "Nvidia");
  g_assert_cmpstr (overview->info->name_ar, ==, "إنفيديا");
  g_assert_cmpuint (overview->info->mentions, ==, 3);
  g_assert_nonnull (overview->info->aliases);
  g_assert_cmpuint (overview->info->aliases->len, >, 1);
  huawei = find_info (overview->related, "huawei");
  g_assert_true (huawei != NULL && huawei->mentions == 1);     /* filed together once */
  g_assert_nonnull (find_info (overview->related, "export-controls"));
  for (guint i = 0; i < overview->alias_hits->len; i++)
    {
      DossierAliasHit *hit = g_ptr_array_index (overview->alias_hits, i);

      if (g_str_equal (hit->alias, "Nvidia"))
        {
          g_assert_cmpuint (hit->count, ==, 2);
          found_latin = TRUE;
        }
      else if (g_str_equal (hit->alias, "إنفيديا"))
        {
          g_assert_cmpuint (hit->count, ==, 1);
          found_arabic = TRUE;
        }
    }
  g_assert_true (found_latin && found_arabic);
  /* The most frequent first. */
  g_assert_cmpstr (((DossierAliasHit *) g_ptr_array_index (overview->alias_hits, 0))->alias, ==, "Nvidia");

  /* A slug that does not exist is an error, not an empty panel. */
  dossier_context_tag_overview_async (context, "no-such-tag", DOSSIER_DATE_NONE, NULL, on_result_cb, &result);
  g_assert_null (dossier_context_tag_overview_finish (context, wait_result (&result), &error));
  g_clear_object (&result);
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* Weeks of 7 and 14 July 2025 (Mondays), from 30 June to 21 July. */
  dossier_context_tag_counts_async (context, slugs, DOSSIER_PERIOD_WEEK,
                                    dossier_date_parse ("2025-06-30T00:00:00Z"),
                                    dossier_date_parse ("2025-07-21T00:00:00Z"),
                                    NULL, on_result_cb, &result);
  series = dossier_context_tag_counts_finish (context, wait_result (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_cmpuint (series->len, ==, 2);
  nvidia_weeks = g_ptr_array_index (series, 0);
  huawei_weeks = g_ptr_array_index (series, 1);
  g_assert_cmpuint (nvidia_weeks->len, ==, 3);
  g_assert_cmpint (g_array_index (nvidia_weeks, DossierTagCount, 0).start, ==,
                   dossier_date_parse ("2025-06-30T00:00:00Z"));
  g_assert_cmpuint (g_array_index (nvidia_weeks, DossierTagCount, 0).count, ==, 0);
  g_assert_cmpuint (g_array_index (nvidia_weeks, DossierTagCount, 1).count, ==, 2);
  g_assert_cmpuint (g_array_index (nvidia_weeks, DossierTagCount, 2).count, ==, 1);
  g_assert_cmpuint (huawei_weeks->len, ==, 3);
  g_assert_cmpuint (g_array_index (huawei_weeks, DossierTagCount, 1).count, ==, 1);
  g_assert_cmpuint (g_array_index (huawei_weeks, DossierTagCount, 2).count, ==, 1);

  g_clear_object (&context);
  test_server_stop (server);
  test_remove_database (dir, path);
}

/* Exporting a filter writes every story of it, newest first, to a file;
 * one that cannot be written leaves the old file as it was. */
static void
test_export_stories (void)
{
  TestServer *server = test_server_start (handle_panel, NULL);
  g_autofree char *dir = test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "dossier.db", NULL);
  g_autofree char *csv_path = g_build_filename (dir, "nvidia.csv", NULL);
  g_autofree char *json_path = g_build_filename (dir, "nvidia.json", NULL);
  g_autofree char *url = g_strdup_printf ("%s/panel.xml", test_server_url (server));
  g_autoptr(DossierStore) store = dossier_store_open (path, NULL);
  g_autoptr(DossierContext) context = NULL;
  g_autoptr(GFile) csv_file = g_file_new_for_path (csv_path);
  g_autoptr(GFile) json_file = g_file_new_for_path (json_path);
  g_autoptr(GFile) bad_file = g_file_new_build_filename (dir, "missing", "x.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;
  char *entities[] = { "nvidia", NULL };
  DossierRefreshSummary *summary = NULL;
  GAsyncResult *result = NULL;
  JsonArray *array;
  DossierQuery query;

  g_assert_cmpint (dossier_store_add_feed (store, url, NULL, NULL, NULL), >, 0);
  g_clear_pointer (&store, dossier_store_close);
  context = dossier_context_new (path);
  dossier_context_refresh_async (context, TRUE, NULL, on_refreshed_cb, &summary);
  while (summary == NULL)
    g_main_context_iteration (NULL, TRUE);
  dossier_refresh_summary_free (summary);

  dossier_query_init (&query);
  query.entities = entities;
  query.limit = 1;      /* the view's page: not what an export takes */
  dossier_context_export_stories_async (context, &query, DOSSIER_EXPORT_CSV, csv_file, NULL,
                                        on_result_cb, &result);
  g_assert_true (dossier_context_export_stories_finish (context, wait_result (&result), &error));
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);      /* header, 3 stories, "" */
  g_assert_true (g_str_has_prefix (lines[0], "id,feed_id,feed,title,"));
  g_assert_nonnull (strstr (lines[1], "Nvidia faces new export controls"));
  g_assert_nonnull (strstr (lines[2], "إنفيديا تستأنف المبيعات"));
  g_assert_nonnull (strstr (lines[3], "Nvidia and Huawei race"));
  g_assert_cmpstr (lines[4], ==, "");

  dossier_context_export_stories_async (context, &query, DOSSIER_EXPORT_JSON, json_file, NULL,
                                        on_result_cb, &result);
  g_assert_true (dossier_context_export_stories_finish (context, wait_result (&result), &error));
  g_clear_object (&result);
  g_assert_true (json_parser_load_from_file (parser, json_path, &error));
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "title"), ==,
                   "Nvidia faces new export controls");

  /* Into a folder that does not exist: an error, and nothing written. */
  dossier_context_export_stories_async (context, &query, DOSSIER_EXPORT_CSV, bad_file, NULL,
                                        on_result_cb, &result);
  g_assert_false (dossier_context_export_stories_finish (context, wait_result (&result), &error));
  g_clear_object (&result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_false (g_file_query_exists (bad_file, NULL));

  g_clear_object (&context);
  test_server_stop (server);
  g_unlink (csv_path);
  g_unlink (json_path);
  test_remove_database (dir, path);
}

static void
on_retag_progress_cb (DossierContext *context,
                      guint64         done,
                      guint64         total,
                      guint64        *last)
{
  last[0]++;
  last[1] = done;
  last[2] = total;
}

static void
on_retag_finished_cb (DossierContext *context,
                      const GError   *error,
                      GError        **slot)
{
  *slot = error != NULL ? g_error_copy (error) : g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NONE, "ok");
}

static gboolean
has_alias (DossierTagInfo *tag,
           const char     *text)
{
  for (guint i = 0; i < tag->aliases->len; i++)
    if (g_str_equal (((DossierAlias *) g_ptr_array_index (tag->aliases, i))->text, text))
      return TRUE;
  return FALSE;
}

/* An editor's save is all or nothing; re-tagging reports its progress
 * and its end through the context's signals, and stops when cancelled. */
static void
test_tag_edit_jobs (void)
{
  TestServer *server = test_server_start (handle_panel, NULL);
  g_autofree char *dir = test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "dossier.db", NULL);
  g_autofree char *url = g_strdup_printf ("%s/panel.xml", test_server_url (server));
  g_autoptr(DossierStore) store = dossier_store_open (path, NULL);
  g_autoptr(DossierContext) context = NULL;
  g_autoptr(DossierTagEdit) edit = dossier_tag_edit_new ();
  g_autoptr(DossierTagInfo) tag = NULL;
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) finished = NULL;
  g_autofree char *slug = NULL;
  DossierRefreshSummary *summary = NULL;
  GAsyncResult *result = NULL;
  guint64 progress[3] = { 0, 0, 0 };

  g_assert_cmpint (dossier_store_add_feed (store, url, NULL, NULL, NULL), >, 0);
  g_clear_pointer (&store, dossier_store_close);
  context = dossier_context_new (path);
  g_signal_connect (context, "retag-progress", G_CALLBACK (on_retag_progress_cb), progress);
  g_signal_connect (context, "retag-finished", G_CALLBACK (on_retag_finished_cb), &finished);
  dossier_context_refresh_async (context, TRUE, NULL, on_refreshed_cb, &summary);
  while (summary == NULL)
    g_main_context_iteration (NULL, TRUE);
  dossier_refresh_summary_free (summary);

  {
    g_autofree char *a = dossier_tag_slug_from_name ("Zhipu AI (Z.ai)");
    g_autofree char *b = dossier_tag_slug_from_name ("  Société  Générale ");
    g_autofree char *c = dossier_tag_slug_from_name ("إنفيديا");

    g_assert_cmpstr (a, ==, "zhipu-ai-z-ai");
    g_assert_cmpstr (b, ==, "societe-generale");
    g_assert_cmpstr (c, ==, "");
  }

  /* A good alias and a bad one: neither is kept. */
  edit->slug = g_strdup ("huawei");
  dossier_tag_edit_add_alias (edit, "Team Red", NULL, FALSE);
  dossier_tag_edit_add_alias (edit, "x", NULL, FALSE);
  dossier_context_save_tag_async (context, edit, NULL, on_result_cb, &result);
  g_assert_null (dossier_context_save_tag_finish (context, wait_result (&result), &error));
  g_clear_object (&result);
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID);
  g_clear_error (&error);
  dossier_context_get_tag_async (context, "huawei", NULL, on_result_cb, &result);
  tag = dossier_context_get_tag_finish (context, wait_result (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_false (has_alias (tag, "Team Red"));

  /* A new entity named like a shipped one takes its slug: refused. */
  g_clear_pointer (&edit, dossier_tag_edit_free);
  edit = dossier_tag_edit_new ();
  edit->create = TRUE;
  edit->kind = g_strdup ("company");
  edit->name_en = g_strdup ("HUAWEI");
  dossier_context_save_tag_async (context, edit, NULL, on_result_cb, &result);
  g_assert_null (dossier_context_save_tag_finish (context, wait_result (&result), &error));
  g_clear_object (&result);
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_EXISTS);
  g_clear_error (&error);

  /* A keyword's spellings are stored trimmed, and removed by that text. */
  g_clear_pointer (&edit, dossier_tag_edit_free);
  edit = dossier_tag_edit_new ();
  edit->slug = g_strdup ("huawei");
  dossier_tag_edit_add_alias (edit, " Team Red | Team-Red ", "en", FALSE);
  dossier_context_save_tag_async (context, edit, NULL, on_result_cb, &result);
  slug = dossier_context_save_tag_finish (context, wait_result (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_cmpstr (slug, ==, "huawei");
  g_clear_pointer (&tag, dossier_tag_info_free);
  dossier_context_get_tag_async (context, "huawei", NULL, on_result_cb, &result);
  tag = dossier_context_get_tag_finish (context, wait_result (&result), &error);
  g_clear_object (&result);
  g_assert_true (has_alias (tag, "Team Red") && has_alias (tag, "Team-Red"));
  for (guint i = 0; i < tag->aliases->len;)
    {
      DossierAlias *alias = g_ptr_array_index (tag->aliases, i);
      g_autofree char *text = dossier_tag_alias_group_text (tag->aliases, &i);

      if (alias->user)
        g_assert_cmpstr (text, ==, "Team Red|Team-Red");
    }

  /* Cancelled before it starts: nothing done, and said so. */
  dossier_context_retag_async (context, cancelled, on_result_cb, &result);
  g_cancellable_cancel (cancelled);
  g_assert_false (dossier_context_retag_finish (context, wait_result (&result), &error));
  g_clear_object (&result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  while (finished == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (finished, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&finished);

  dossier_context_retag_async (context, NULL, on_result_cb, &result);
  g_assert_true (dossier_context_retag_finish (context, wait_result (&result), &error));
  g_clear_object (&result);
  g_assert_no_error (error);
  while (finished == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (finished, G_IO_ERROR, G_IO_ERROR_NONE);
  g_assert_cmpuint (progress[0], >=, 1);
  g_assert_cmpuint (progress[2], ==, 4);
  g_assert_cmpuint (progress[1], ==, progress[2]);

  g_clear_object (&context);
  test_server_stop (server);
}

/* Each request of the rolling feed brings 100 stories of its own, about a
 * kilobyte each, so that every refresh writes a few hundred pages. */
static void
handle_rolling (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           data)
{
  int round = g_atomic_int_add ((int *) data, 1);
  GString *body = g_string_new ("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Rolling wire</title>");
  gsize size;

  for (int i = 0; i < 100; i++)
    {
      int n = round * 100 + i;

      g_string_append_printf (body, "<item><guid>r%d</guid><title>Nvidia and Huawei, report %d</title>"
                              "<link>https://rolling.example/%d</link>"
                              "<pubDate>Mon, 14 Jul 2025 %02d:%02d:00 GMT</pubDate><description>", n, n, n,
                              n / 60 % 24, n % 60);
      for (int s = 0; s < 8; s++)
        g_string_append_printf (body, "Regulators in Brussels weighed export controls on chips (%d, %d) "
                                "as إنفيديا والصين يتفاوضان على الرقائق. ", n, s);
      g_string_append (body, "</description></item>");
    }
  g_string_append (body, "</channel></rss>");
  size = body->len;
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_TAKE,
                                    g_string_free (body, FALSE), size);
}

static void
refresh_and_wait (DossierContext *context,
                  guint           expected)
{
  DossierRefreshSummary *summary = NULL;

  dossier_context_refresh_async (context, TRUE, NULL, on_refreshed_cb, &summary);
  while (summary == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (summary->new_articles, ==, expected);
  dossier_refresh_summary_free (summary);
}

/* The frames in the WAL of @path, copied back by a passive checkpoint
 * from a connection of the test's own: @copied those it could copy. */
static int
wal_frames (const char *path,
            int        *copied)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int frames;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA wal_checkpoint (PASSIVE)", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  frames = sqlite3_column_int (stmt, 1);
  *copied = sqlite3_column_int (stmt, 2);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return frames;
}

/* The window keeps the context's connection open between refreshes and
 * reads through it: whatever it read must not hold a snapshot that stops
 * the refresh's checkpoints, or the WAL would grow by every refresh for
 * as long as the window is open. After the second refresh the WAL holds
 * only what was written after its end. */
static void
test_refresh_wal_restarts (void)
{
  int round = 0;
  TestServer *server = test_server_start (handle_rolling, &round);
  g_autofree char *dir = test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "dossier.db", NULL);
  g_autofree char *url = g_strdup_printf ("%s/rolling.xml", test_server_url (server));
  g_autoptr(DossierStore) store = dossier_store_open (path, NULL);
  g_autoptr(DossierContext) context = NULL;
  g_autoptr(DossierQueryPage) page = NULL;
  g_autoptr(GPtrArray) feeds = NULL;
  g_autoptr(GPtrArray) tags = NULL;
  g_autoptr(GPtrArray) series = NULL;
  g_autoptr(GPtrArray) nearby = NULL;
  g_autoptr(DossierArticle) article = NULL;
  g_autoptr(DossierEventView) event = NULL;
  g_autoptr(DossierTagOverview) overview = NULL;
  g_autoptr(GError) error = NULL;
  DossierStoryBody *body;
  GAsyncResult *result = NULL;
  const char *slugs[] = { "nvidia", NULL };
  DossierQuery q;
  gint64 newest;
  int frames, copied;

  g_assert_cmpint (dossier_store_add_feed (store, url, NULL, NULL, NULL), >, 0);
  g_clear_pointer (&store, dossier_store_close);
  context = dossier_context_new (path);
  refresh_and_wait (context, 100);

  /* What the window reads after a refresh: its list's first page, the
   * sidebar's feeds and entities, a story, its event, a chart. */
  dossier_query_init (&q);
  dossier_context_query_page_async (context, &q, 25, NULL, on_result_cb, &result);
  page = dossier_context_query_page_finish (context, wait_result (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_cmpuint (page->ids->len, ==, 100);
  newest = g_array_index (page->ids, gint64, 0);
  dossier_context_list_feeds_async (context, NULL, on_result_cb, &result);
  feeds = dossier_context_list_feeds_finish (context, wait_result (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  dossier_context_list_tags_async (context, DOSSIER_TAG_FILTER_ALL, NULL, on_result_cb, &result);
  tags = dossier_context_list_tags_finish (context, wait_result (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  dossier_context_get_article_async (context, newest, NULL, on_result_cb, &result);
  article = dossier_context_get_article_finish (context, wait_result (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  dossier_context_get_story_body_async (context, newest, FALSE, NULL, on_result_cb, &result);
  body = dossier_context_get_story_body_finish (context, wait_result (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_clear_pointer (&body, dossier_story_body_free);
  dossier_context_get_event_async (context, newest, NULL, on_result_cb, &result);
  event = dossier_context_get_event_finish (context, wait_result (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  dossier_context_nearby_events_async (context, newest, NULL, on_result_cb, &result);
  nearby = dossier_context_nearby_events_finish (context, wait_result (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  dossier_context_tag_counts_async (context, slugs, DOSSIER_PERIOD_DAY, dossier_date_parse ("2025-07-10T00:00:00Z"),
                                    dossier_date_parse ("2025-07-20T00:00:00Z"), NULL, on_result_cb, &result);
  series = dossier_context_tag_counts_finish (context, wait_result (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  dossier_context_tag_overview_async (context, "nvidia", DOSSIER_DATE_NONE, NULL, on_result_cb, &result);
  overview = dossier_context_tag_overview_finish (context, wait_result (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  q.entities = (GStrv) slugs;
  dossier_context_count_stories_async (context, &q, NULL, on_result_cb, &result);
  g_assert_cmpint (dossier_context_count_stories_finish (context, wait_result (&result), &error), ==, 100);
  g_clear_object (&result);
  g_assert_no_error (error);

  refresh_and_wait (context, 100);
  frames = wal_frames (path, &copied);
  g_test_message ("WAL after the second refresh: %d frames, %d copied back", frames, copied);
  g_assert_cmpint (copied, ==, frames);
  /* The refresh's end and what follows it (its purge, its watches): a
   * few pages, where each refresh wrote hundreds. */
  g_assert_cmpint (frames, <, 20);

  g_clear_object (&context);
  test_server_stop (server);
  test_remove_database (dir, path);
}

/* Waits, without running the loop, until a worker has handed back a
 * finished job: its completion is then pending in the main context. */
static void
wait_job_done (void)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!g_main_context_pending (NULL))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_usleep (1000);
    }
}

/* A job cancelled after it finished (the user moved on while the
 * answer was on its way): the caller gets "cancelled" and the answer is
 * freed, not leaked. The sanitizer build's leak check sees such a leak
 * when GLib's slices come from malloc (G_SLICE=always-malloc): run so,
 * this test failed before the jobs had their answers' free functions. */
static void
test_cancelled_after_done (void)
{
  g_autofree char *dir = test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "dossier.db", NULL);
  g_autoptr(DossierStore) store = dossier_store_open (path, NULL);
  g_autoptr(DossierContext) context = NULL;
  DossierQuery q;
  gint64 feed_id;

  /* Every job below has an answer to leak: a feed to list, read and
   * export (the server need not answer: nothing is fetched). */
  feed_id = dossier_store_add_feed (store, "http://127.0.0.1:9/feed.xml", NULL, NULL, NULL);
  g_assert_cmpint (feed_id, >, 0);
  g_clear_pointer (&store, dossier_store_close);
  context = dossier_context_new (path);
  dossier_query_init (&q);

  for (guint kind = 0; kind < 4; kind++)
    {
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      gpointer answer = NULL;

      /* Nothing else pending: what comes next is the job's answer. */
      while (g_main_context_iteration (NULL, FALSE))
        ;
      switch (kind)
        {
        case 0:
          dossier_context_list_feeds_async (context, cancellable, on_result_cb, &result);
          break;
        case 1:
          dossier_context_query_ids_async (context, &q, cancellable, on_result_cb, &result);
          break;
        case 2:
          dossier_context_get_feed_async (context, feed_id, cancellable, on_result_cb, &result);
          break;
        default:
          dossier_context_export_opml_async (context, cancellable, on_result_cb, &result);
          break;
        }
      wait_job_done ();
      g_cancellable_cancel (cancellable);
      wait_result (&result);
      switch (kind)
        {
        case 0:
          answer = dossier_context_list_feeds_finish (context, result, &error);
          break;
        case 1:
          answer = dossier_context_query_ids_finish (context, result, &error);
          break;
        case 2:
          answer = dossier_context_get_feed_finish (context, result, &error);
          break;
        default:
          answer = dossier_context_export_opml_finish (context, result, &error);
          break;
        }
      g_assert_null (answer);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    }

  g_clear_object (&context);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/context/refresh/without-main-loop", test_refresh_without_main_loop);
  g_test_add_func ("/context/tag-panel", test_tag_panel_jobs);
  g_test_add_func ("/context/export", test_export_stories);
  g_test_add_func ("/context/tag-edits", test_tag_edit_jobs);
  g_test_add_func ("/context/cancelled-after-done", test_cancelled_after_done);
  g_test_add_func ("/context/refresh/wal-restarts", test_refresh_wal_restarts);

  return g_test_run ();
}
