/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The application started as a user starts it, many times in a row, on
 * small databases (0, 1, 5 and 60 stories): the real DossierApplication,
 * its window and its refresh at start, against a feed server that is up
 * in half of the starts and gone in the other half. Each start fails
 * unless the timeline's rows are on screen — row widgets mapped, each
 * with the title of a story of the database, newest first — within a
 * second of the window's first frame, and still there half a second
 * later. An empty database must show its
 * empty page instead, with no row.
 *
 * DOSSIER_TEST_STARTS sets how many starts each size gets (default 3). */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "dossier-application.h"
#include "dossier-headline.h"
#include "dossier-i18n.h"
#include "dossier-resources.h"
#include "dossier-store.h"
#include "test-util.h"

#define LIMIT_US (1 * G_USEC_PER_SEC)
#define WATCH_US (G_USEC_PER_SEC / 2)
#define GIVE_UP_US (20 * G_USEC_PER_SEC)
#define HOUR 3600

typedef struct {
  guint       n_stories;
  char      **titles;        /* newest first */
  char       *feed_xml;      /* the same stories, as the server has them */
} Corpus;

typedef struct {
  const Corpus *corpus;
  GtkApplication *app;
  GtkWindow  *window;
  guint       tick_id;
  GdkFrameClock *clock;
  gulong      paint_id;      /* "after-paint": rows are seen as drawn */
  gint64      first_frame;   /* monotonic, µs; 0 before it */
  gint64      done_at;
  gint64      told_at;       /* when the list first held stories */
  guint       frames;
  gboolean    passed;
  char       *failure;       /* what was on screen when time ran out */
  gboolean    server_up;
} Start;

static char *
story_title (guint i)
{
  /* Both scripts, and an Arabic title that starts with a Latin name. */
  switch (i % 3)
    {
    case 0:
      return g_strdup_printf ("Nvidia export licence update number %u", i);
    case 1:
      return g_strdup_printf ("هواوي تطلق رقائق جديدة رقم %u", i);
    default:
      return g_strdup_printf ("DeepSeek تنشر نموذجاً جديداً رقم %u", i);
    }
}

static void
corpus_init (Corpus *corpus,
             guint   n,
             gint64  now)
{
  GString *xml = g_string_new ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                               "<rss version=\"2.0\"><channel><title>Start Wire</title>"
                               "<link>http://127.0.0.1/</link><description>d</description>\n");

  corpus->n_stories = n;
  corpus->titles = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (now - (gint64) i * 5 * HOUR);
      g_autofree char *date = g_date_time_format (when, "%a, %d %b %Y %H:%M:%S +0000");
      g_autofree char *title = g_markup_escape_text (story_title (i), -1);

      corpus->titles[i] = story_title (i);
      g_string_append_printf (xml, "<item><title>%s</title><link>https://news.example/%u</link>"
                              "<guid>story-%u</guid><pubDate>%s</pubDate>"
                              "<description>Story %u of the start-up test.</description></item>\n",
                              title, i, i, date, i);
    }
  g_string_append (xml, "</channel></rss>\n");
  corpus->feed_xml = g_string_free (xml, FALSE);
}

static void
corpus_clear (Corpus *corpus)
{
  g_strfreev (corpus->titles);
  g_free (corpus->feed_xml);
}

static void
serve_feed (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  const Corpus *corpus = user_data;

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_COPY,
                                    corpus->feed_xml, strlen (corpus->feed_xml));
}

/* A database with one feed at @url holding the corpus's stories, as a
 * refresh would have stored them. */
static void
make_database (const char   *path,
               const char   *url,
               const Corpus *corpus,
               gint64        now)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = dossier_store_open (path, &error);
  g_autoptr(DossierParsedFeed) feed = dossier_parsed_feed_new ();
  gint64 feed_id;

  g_assert_no_error (error);
  feed_id = dossier_store_add_feed (store, url, NULL, NULL, &error);
  g_assert_no_error (error);
  feed->format = DOSSIER_FEED_FORMAT_RSS20;
  feed->title = g_strdup ("Start Wire");
  for (guint i = 0; i < corpus->n_stories; i++)
    {
      DossierParsedItem *item = dossier_parsed_item_new ();

      item->guid = g_strdup_printf ("story-%u", i);
      item->title = g_strdup (corpus->titles[i]);
      item->link = g_strdup_printf ("https://news.example/%u", i);
      item->summary = g_strdup_printf ("Story %u of the start-up test.", i);
      item->published = now - (gint64) i * 5 * HOUR;
      g_ptr_array_add (feed->items, item);
    }
  g_assert_true (dossier_store_merge_feed (store, feed_id, feed, now, NULL, &error));
  g_assert_no_error (error);
}

/* The first widget of @type with the style class @css_class under
 * @widget. */
static GtkWidget *
find_widget (GtkWidget  *widget,
             GType       type,
             const char *css_class)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && gtk_widget_has_css_class (widget, css_class))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, css_class);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The headlines under @widget that are on screen, in the widget tree's
 * order (a list view keeps its rows in the list's order). */
static void
collect_headlines (GtkWidget *widget,
                   GPtrArray *out)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (DOSSIER_IS_HEADLINE (widget))
    {
      if (gtk_widget_get_height (widget) > 0)
        g_ptr_array_add (out, (gpointer) dossier_headline_get_text (DOSSIER_HEADLINE (widget)));
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_headlines (child, out);
}

/* Whether a status page titled @title is on screen under @widget. */
static gboolean
status_page_shown (GtkWidget  *widget,
                   const char *title)
{
  if (!gtk_widget_get_mapped (widget))
    return FALSE;
  if (ADW_IS_STATUS_PAGE (widget))
    return g_strcmp0 (adw_status_page_get_title (ADW_STATUS_PAGE (widget)), title) == 0;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (status_page_shown (child, title))
      return TRUE;
  return FALSE;
}

/* NULL when the timeline shows what the database holds, or what it shows
 * instead. */
static char *
timeline_problem (Start *start)
{
  GtkWidget *list = find_widget (GTK_WIDGET (start->window), GTK_TYPE_LIST_VIEW, "dossier-timeline");
  g_autoptr(GPtrArray) shown = g_ptr_array_new ();
  guint expected;

  if (list == NULL)
    return g_strdup ("no list view in the window");
  collect_headlines (list, shown);

  if (start->corpus->n_stories == 0)
    {
      if (shown->len > 0)
        return g_strdup_printf ("%u rows shown for an empty database", shown->len);
      /* The empty page, saying so, in place of the list; once the
       * refresh at start has reached no feed, saying that. */
      if (!status_page_shown (GTK_WIDGET (start->window), _("No Stories Yet")) &&
          (start->server_up || !status_page_shown (GTK_WIDGET (start->window), _("The Feeds Could Not Be Reached"))))
        return g_strdup ("the empty page is not shown");
      return NULL;
    }

  /* The rows a window of this size has room for: every story of a small
   * database, a screenful of the 60. */
  expected = MIN (start->corpus->n_stories, 5);
  if (shown->len < expected)
    {
      GString *what = g_string_new (NULL);

      g_string_append_printf (what, "%u of %u rows on screen:", shown->len, expected);
      for (guint i = 0; i < shown->len; i++)
        g_string_append_printf (what, " “%s”", (const char *) g_ptr_array_index (shown, i));
      /* Whether the list was told of the stories, and how far the rows
       * got: tells a slow start from a list that will stay blank. */
      g_string_append_printf (what, " (%u stories in the list, %s; rows:",
                              g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)))),
                              gtk_widget_get_mapped (list) ? "mapped" : "not mapped");
      for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
        g_string_append_printf (what, " %s%s h=%d", G_OBJECT_TYPE_NAME (row),
                                gtk_widget_get_mapped (row) ? "" : " unmapped", gtk_widget_get_height (row));
      g_string_append (what, ")");
      return g_string_free (what, FALSE);
    }
  for (guint i = 0; i < shown->len; i++)
    {
      const char *text = g_ptr_array_index (shown, i);

      if (i >= start->corpus->n_stories || g_strcmp0 (text, start->corpus->titles[i]) != 0)
        return g_strdup_printf ("row %u shows “%s”, expected “%s”", i, text != NULL ? text : "",
                                i < start->corpus->n_stories ? start->corpus->titles[i] : "no row");
    }
  return NULL;
}

static void
finish (Start *start)
{
  g_clear_signal_handler (&start->paint_id, start->clock);
  g_application_quit (G_APPLICATION (start->app));
}

/* After each frame is drawn: what is on screen is what the frame showed,
 * its layout done (a tick callback sees the state before the frame's
 * layout, one frame late). */
static void
on_after_paint_cb (GdkFrameClock *clock,
                   Start         *start)
{
  gint64 now = g_get_monotonic_time ();
  g_autofree char *problem = NULL;

  if (start->first_frame == 0)
    start->first_frame = now;
  start->frames++;
  if (start->told_at == 0)
    {
      GtkWidget *list = find_widget (GTK_WIDGET (start->window), GTK_TYPE_LIST_VIEW, "dossier-timeline");

      if (list != NULL && g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)))) > 0)
        start->told_at = now;
    }
  problem = timeline_problem (start);
  if (problem == NULL && start->done_at == 0)
    {
      start->done_at = now;
      /* A frame may come late on a busy machine: what counts is when the
       * rows were first seen. */
      if (now - start->first_frame > LIMIT_US)
        {
          /* When the list was told of the stories tells the query's
           * time from the rows' own. */
          start->failure = g_strdup_printf ("the rows came %.0f ms after the first frame "
                                            "(the list held them at %.0f ms; %u frames)",
                                            (now - start->first_frame) / 1000.0,
                                            (start->told_at - start->first_frame) / 1000.0, start->frames);
          finish (start);
          return;
        }
    }

  /* Rows that came must stay, through the refresh at start and the
   * reloads after it: watched for a while longer. */
  if ((problem != NULL && (start->done_at != 0 || now - start->first_frame > LIMIT_US)) ||
      now - start->first_frame > LIMIT_US + WATCH_US)
    {
      start->passed = problem == NULL;
      if (problem != NULL)
        start->failure = start->done_at != 0 ? g_strdup_printf ("the rows went away: %s", problem)
                                             : g_steal_pointer (&problem);
      finish (start);
    }
}

/* Keeps frames coming, and watches the first one's drawing. */
static gboolean
on_tick_cb (GtkWidget     *widget,
            GdkFrameClock *clock,
            gpointer       user_data)
{
  Start *start = user_data;

  if (start->clock == NULL)
    {
      start->clock = g_object_ref (clock);
      start->paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), start);
    }
  return G_SOURCE_CONTINUE;
}

static void
on_window_added_cb (GtkApplication *app,
                    GtkWindow      *window,
                    Start          *start)
{
  if (start->window != NULL)
    return;
  start->window = window;
  start->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (window), on_tick_cb, start, NULL);
}

static gboolean
give_up_cb (gpointer user_data)
{
  Start *start = user_data;

  start->failure = g_strdup ("no window drew a frame");
  g_application_quit (G_APPLICATION (start->app));
  return G_SOURCE_REMOVE;
}

static void
run_start (const Corpus *corpus,
           guint         round,
           gboolean      server_up)
{
  g_autofree char *dir = test_make_temp_dir ();
  g_autofree char *db = g_build_filename (dir, "dossier.db", NULL);
  g_autofree char *url = NULL;
  g_autoptr(GSettings) settings = g_settings_new (BASE_APP_ID);
  TestServer *server = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  Start start = { corpus, };
  char *argv[] = { (char *) "dossier", NULL };
  guint give_up;

  start.server_up = server_up;
  if (server_up)
    {
      server = test_server_start (serve_feed, (gpointer) corpus);
      url = g_strdup_printf ("%s/feed.xml", test_server_url (server));
    }
  else
    /* Nothing listens there: the refresh at start fails at once. */
    url = g_strdup ("http://127.0.0.1:9/feed.xml");
  make_database (db, url, corpus, now);

  /* As a user's first start: a refresh at start, the window's default
   * size. */
  g_settings_set_boolean (settings, "refresh-on-start", TRUE);
  g_setenv ("DOSSIER_DB", db, TRUE);
  start.app = GTK_APPLICATION (dossier_application_new ());
  /* One start after another in this process: none is the primary
   * instance of the one before. */
  g_application_set_flags (G_APPLICATION (start.app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect (start.app, "window-added", G_CALLBACK (on_window_added_cb), &start);
  give_up = g_timeout_add (GIVE_UP_US / 1000, give_up_cb, &start);

  g_application_run (G_APPLICATION (start.app), 1, argv);

  g_source_remove (give_up);
  if (start.window != NULL)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (start.window), start.tick_id);
      g_clear_signal_handler (&start.paint_id, start.clock);
      g_clear_object (&start.clock);
      gtk_window_destroy (start.window);
    }
  g_object_unref (start.app);
  /* The last start's work finishes before the database goes. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_unsetenv ("DOSSIER_DB");
  if (server != NULL)
    test_server_stop (server);

  if (!start.passed)
    g_error ("start %u on %u stories (server %s): %s", round, corpus->n_stories,
             server_up ? "up" : "gone", start.failure != NULL ? start.failure : "failed");
  g_test_message ("start %u on %u stories (server %s): rows in %.0f ms after the first frame "
                  "(the list held them at %.0f ms; %u frames)",
                  round, corpus->n_stories, server_up ? "up" : "gone",
                  (start.done_at - start.first_frame) / 1000.0,
                  start.told_at != 0 ? (start.told_at - start.first_frame) / 1000.0 : 0.0, start.frames);
  g_free (start.failure);
  for (const char *const *suffix = (const char *const[]) { "", "-wal", "-shm", NULL }; *suffix; suffix++)
    {
      g_autofree char *file = g_strconcat (db, *suffix, NULL);

      g_remove (file);
    }
  g_rmdir (dir);
}

static void
test_starts (gconstpointer data)
{
  guint n = GPOINTER_TO_UINT (data);
  const char *env = g_getenv ("DOSSIER_TEST_STARTS");
  guint starts = env != NULL ? (guint) g_ascii_strtoull (env, NULL, 10) : 3;
  Corpus corpus = { 0, };

  corpus_init (&corpus, n, g_get_real_time () / G_USEC_PER_SEC);
  for (guint round = 1; round <= MAX (starts, 1); round++)
    run_start (&corpus, round, round % 2 == 1);
  corpus_clear (&corpus);
}

int
main (int argc, char **argv)
{
  g_autofree char *cache = g_dir_make_tmp ("dossier-test-cache-XXXXXX", NULL);

  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  if (g_getenv ("LC_ALL") != NULL)
    setlocale (LC_ALL, "");
  dossier_i18n_init ();
  /* Links the window's templates into the test. */
  g_assert_nonnull (dossier_get_resource ());

  g_test_add_data_func ("/startup/empty", GUINT_TO_POINTER (0), test_starts);
  g_test_add_data_func ("/startup/one", GUINT_TO_POINTER (1), test_starts);
  g_test_add_data_func ("/startup/five", GUINT_TO_POINTER (5), test_starts);
  g_test_add_data_func ("/startup/sixty", GUINT_TO_POINTER (60), test_starts);

  return g_test_run ();
}
