/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The window's speed and size (issue 5), under Xvfb:
 *
 * 1. On a generated database of 1,000,000 stories in 500 feeds, grouped
 *    into events as a refresh groups real news (about four stories an
 *    event, up to 24, in both languages, within hours): the time
 *    from creating the window to the first frame that shows the timeline
 *    filled (the list read, rows on screen with their stories). Target:
 *    under 1 s.
 * 2. On the same window: the resident memory after scrolling the timeline
 *    through 10,000 rows. Target: under 200 MB.
 * 3. On a new database subscribed to 200 feeds of 30 stories, served by a
 *    SoupServer on 127.0.0.1 in a thread of its own: the longest stall of
 *    the main loop while the window refreshes every feed and shows the
 *    result. Target: none over 50 ms.
 *
 * The generated database is kept in the build folder, named after
 * DB_VERSION, so that later runs start at once. */

#include <adwaita.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "dossier-store.h"
#include "dossier-store-private.h"
#include "dossier-resources.h"
#include "dossier-story-item.h"
#include "dossier-story-row.h"
#include "test-window-util.h"
#include "test-util.h"

/* Bump when the generated stories change, so that a stale file is not
 * measured. */
#define DB_VERSION      2
#define N_STORIES       1000000
#define N_FEEDS         500
#define SCROLL_ROWS     10000
#define SCROLL_STEP     10

#define N_REFRESH_FEEDS 200
#define N_REFRESH_ITEMS 30

#define FIRST_FRAME_TARGET_MS 1000
#define RSS_TARGET_MB         200
#define STALL_TARGET_MS       50

static const char *words_en[] = {
  "Nvidia", "Huawei", "export", "controls", "chips", "China", "regulators", "DeepSeek",
  "Alibaba", "model", "open", "source", "Commerce", "licence", "tariffs", "market",
  "semiconductor", "supply", "Beijing", "Washington", "data", "security", "AI", "rules",
};
static const char *words_ar[] = {
  "إنفيديا", "هواوي", "ضوابط", "التصدير", "رقائق", "الصين", "الجهات", "التنظيمية", "ديب", "سيك",
  "علي", "بابا", "نموذج", "مفتوح", "المصدر", "التجارة", "ترخيص", "الرسوم", "السوق", "أشباه",
  "الموصلات", "بكين", "واشنطن", "البيانات",
};

/* ---- The database of a million stories ---------------------------------- */

static void
sentence (GString *out,
          GRand   *rand,
          gboolean arabic,
          int      n_words)
{
  const char **words = arabic ? words_ar : words_en;

  for (int i = 0; i < n_words; i++)
    {
      if (i > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words_en))]);
    }
}

static void
exec_ok (sqlite3    *db,
         const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* Events: a story joins one of the 64 events begun in the hours before it
 * three times in four (the shape of bench-refresh's corpus of real news,
 * grouped: four stories an event, the largest 24). */
#define OPEN_EVENTS     64
#define JOIN_PERCENT    75
#define MAX_EVENT       24

/* Writes the stories past the store, as bench-store does, in one
 * transaction; the triggers keep the search index and the tag counts
 * (of stories and of events) as the store would. Each story is filed under one or two entities, or none,
 * so rows carry chips and the sidebar its counts. Stories have a title and
 * a summary but no body, which the timeline never reads: indexing bodies
 * for search would make the file and its making several times longer. */
static void
generate (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = dossier_store_open (path, &error);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GArray) tags = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) indexes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) drops = g_ptr_array_new_with_free_func (g_free);
  gboolean needed = TRUE;
  sqlite3_stmt *article = NULL, *link = NULL, *ids = NULL, *why = NULL;
  gint64 open_leads[OPEN_EVENTS] = { 0 };
  int open_sizes[OPEN_EVENTS] = { 0 };
  int n_events = 0, largest = 0;
  sqlite3 *db;

  g_assert_no_error (error);
  db = dossier_store_get_db (store);
  /* The catalogue's tags are written now, and an empty database counts as
   * filed by this tagger. */
  g_assert_true (dossier_store_retag_needed (store, &needed, &error));
  g_assert_no_error (error);
  g_assert_false (needed);

  sqlite3_prepare_v2 (db, "SELECT id FROM tags WHERE kind != 'topic' ORDER BY id", -1, &ids, NULL);
  while (sqlite3_step (ids) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (ids, 0);

      g_array_append_val (tags, id);
    }
  sqlite3_finalize (ids);
  g_assert_cmpuint (tags->len, >, 0);

  /* The secondary indexes are dropped and made again at the end, sorting
   * once rather than inserting a million times at random places; their
   * SQL comes from the schema itself. */
  sqlite3_prepare_v2 (db, "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
                          " AND tbl_name IN ('articles', 'article_tags') AND sql IS NOT NULL",
                      -1, &ids, NULL);
  while (sqlite3_step (ids) == SQLITE_ROW)
    {
      g_autofree char *drop = g_strdup_printf ("DROP INDEX \"%s\"", sqlite3_column_text (ids, 0));

      g_ptr_array_add (indexes, g_strdup ((const char *) sqlite3_column_text (ids, 1)));
      g_ptr_array_add (drops, g_steal_pointer (&drop));
    }
  sqlite3_finalize (ids);
  for (guint i = 0; i < drops->len; i++)
    exec_ok (db, g_ptr_array_index (drops, i));

  /* A throwaway file, written once: no journal to write it twice. */
  exec_ok (db, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144");
  g_assert_true (dossier_store_begin (store, NULL));
  for (int f = 1; f <= N_FEEDS; f++)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO feeds (id, url, title, added) VALUES"
                                              " (%d, 'https://wire%d.example/feed', 'Wire %d', 0)", f, f, f);

      exec_ok (db, sql);
    }
  g_assert_cmpint (sqlite3_prepare_v2 (db,
    "INSERT INTO articles (id, feed_id, guid, link, title, author, summary, lang, published,"
    " first_seen, hash, read, event_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?1, ?10, ?11)",
    -1, &article, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
    "INSERT INTO event_links (article_id, matched_id, why) VALUES (?1, ?2, 'text;' || ?3 || ';')",
    -1, &why, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
    "INSERT OR IGNORE INTO article_tags (tag_id, published, article_id, title_count, body_count)"
    " VALUES (?1, ?2, ?3, 1, 1)", -1, &link, NULL), ==, SQLITE_OK);
  for (int i = 1; i <= N_STORIES; i++)
    {
      g_autoptr(GString) title = g_string_new (NULL);
      g_autoptr(GString) summary = g_string_new (NULL);
      char guid[32], url[64];
      gboolean arabic = g_rand_int_range (rand, 0, 3) == 0;
      /* A story a minute, the newest an hour before the first run. */
      gint64 published = G_GINT64_CONSTANT (1700000000) + (gint64) i * 60;
      int n_tags = g_rand_int_range (rand, 0, 3);
      int slot = g_rand_int_range (rand, 0, OPEN_EVENTS);
      gint64 lead = 0;

      g_snprintf (guid, sizeof guid, "story-%d", i);
      g_snprintf (url, sizeof url, "https://wire.example/%d", i);
      sentence (title, rand, arabic, 9);
      sentence (summary, rand, arabic, 30);

      sqlite3_bind_int (article, 1, i);
      sqlite3_bind_int (article, 2, 1 + i % N_FEEDS);
      sqlite3_bind_text (article, 3, guid, -1, SQLITE_STATIC);
      sqlite3_bind_text (article, 4, url, -1, SQLITE_STATIC);
      sqlite3_bind_text (article, 5, title->str, title->len, SQLITE_STATIC);
      sqlite3_bind_text (article, 6, "Wire staff", -1, SQLITE_STATIC);
      sqlite3_bind_text (article, 7, summary->str, summary->len, SQLITE_STATIC);
      sqlite3_bind_text (article, 8, arabic ? "ar" : "en", -1, SQLITE_STATIC);
      sqlite3_bind_int64 (article, 9, published);
      /* Most of the archive has been read. */
      sqlite3_bind_int (article, 10, i < N_STORIES - 20000 || i % 3 != 0);
      /* Into one of the open events, or one of its own in its place. */
      if (open_leads[slot] != 0 && open_sizes[slot] < MAX_EVENT &&
          g_rand_int_range (rand, 0, 100) < JOIN_PERCENT)
        {
          lead = open_leads[slot];
          largest = MAX (largest, ++open_sizes[slot]);
          sqlite3_bind_int64 (article, 11, lead);
        }
      else
        {
          open_leads[slot] = i;
          open_sizes[slot] = 1;
          n_events++;
          sqlite3_bind_null (article, 11);
        }
      g_assert_cmpint (sqlite3_step (article), ==, SQLITE_DONE);
      sqlite3_reset (article);
      if (lead != 0)
        {
          sqlite3_bind_int (why, 1, i);
          sqlite3_bind_int64 (why, 2, lead);
          sqlite3_bind_int64 (why, 3, (i - lead) * 60);
          g_assert_cmpint (sqlite3_step (why), ==, SQLITE_DONE);
          sqlite3_reset (why);
        }

      for (int t = 0; t < n_tags; t++)
        {
          sqlite3_bind_int64 (link, 1, g_array_index (tags, gint64, g_rand_int_range (rand, 0, tags->len)));
          sqlite3_bind_int64 (link, 2, published);
          sqlite3_bind_int (link, 3, i);
          g_assert_cmpint (sqlite3_step (link), ==, SQLITE_DONE);
          sqlite3_reset (link);
        }
    }
  sqlite3_finalize (article);
  sqlite3_finalize (link);
  sqlite3_finalize (why);
  printf ("generated: %d events, the largest of %d stories\n", n_events, largest);
  for (guint i = 0; i < indexes->len; i++)
    exec_ok (db, g_ptr_array_index (indexes, i));
  g_assert_true (dossier_store_commit (store, NULL));
  exec_ok (db, "ANALYZE; PRAGMA journal_mode = WAL");
}

/* The generated stories count as grouped, into the events generate ()
 * made (their sentences are drawn at random, and would make other events
 * of no real shape): a user's million stories were grouped as they came,
 * and the window would otherwise spend the benchmark grouping a backlog
 * of a million. */
static void
mark_grouped (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_ok (db, "UPDATE event_state SET value = (SELECT max (id) FROM articles)"
               " WHERE key = 'grouped_upto' AND value < (SELECT max (id) FROM articles)");
  sqlite3_close (db);
}

/* The path of the generated database, made if it is not there yet. */
static char *
big_database (void)
{
  const char *builddir = g_getenv ("G_TEST_BUILDDIR");
  g_autofree char *name = g_strdup_printf ("bench-window-%d-v%d.db", N_STORIES, DB_VERSION);
  char *path = g_build_filename (builddir != NULL ? builddir : ".", name, NULL);
  g_autofree char *part = NULL;
  gint64 start;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      mark_grouped (path);
      return path;
    }

  /* Written under another name, so that an interrupted run leaves no
   * half-made file to be measured next time. */
  part = g_strconcat (path, ".part", NULL);
  test_remove_database (NULL, part);
  start = g_get_monotonic_time ();
  /* In a process of its own, before GTK starts: what the generation
   * allocates must not count as the window's memory. */
  {
    pid_t child;
    int status = 0;

    /* Flushed before and in the child: _exit () writes no buffer, and
     * a buffer copied by fork () would be written twice. */
    fflush (stdout);
    child = fork ();

    g_assert_cmpint (child, >=, 0);
    if (child == 0)
      {
        generate (part);
        fflush (stdout);
        _exit (0);
      }
    g_assert_cmpint (waitpid (child, &status, 0), ==, child);
    g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  }
  g_assert_cmpint (g_rename (part, path), ==, 0);
  test_remove_database (NULL, part);
  printf ("generated: %d stories in %.0f s, %s\n", N_STORIES,
          (g_get_monotonic_time () - start) / 1e6, path);
  fflush (stdout);
  mark_grouped (path);
  return path;
}

/* ---- Watching the window ------------------------------------------------ */

typedef struct {
  DossierWindow *window;
  guint          frames;          /* painted so far */
  gint64         filled_at;       /* first frame with a filled timeline */
} Watch;

static GtkWidget *
find_mapped_row (GtkWidget *widget)
{
  if (DOSSIER_IS_STORY_ROW (widget) && gtk_widget_get_mapped (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = find_mapped_row (child);

      if (row != NULL)
        return row;
    }
  return NULL;
}

static gboolean
item_loaded (DossierWindow *window,
             guint          position)
{
  g_autoptr(DossierStoryItem) item = g_list_model_get_item (test_window_timeline (window), position);

  return item != NULL && dossier_story_item_get_loaded (item);
}

/* The list is read and a row on screen shows its story. The first item is
 * only looked at once rows are bound, so as not to ask for it before the
 * list view does. */
static gboolean
timeline_filled (DossierWindow *window)
{
  return !test_window_is_loading (window) &&
         g_list_model_get_n_items (test_window_timeline (window)) > 0 &&
         find_mapped_row (test_window_list_view (window)) != NULL &&
         item_loaded (window, 0);
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   Watch         *watch)
{
  gint64 now = g_get_monotonic_time ();

  /* What was painted is what the checks see: nothing runs between the
   * paint and this signal. */
  if (watch->filled_at == 0 && timeline_filled (watch->window))
    watch->filled_at = now;
  watch->frames++;
}

static void
watch_frames (Watch *watch)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (watch->window));

  g_assert_nonnull (clock);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), watch);
}

static void
unwatch_frames (Watch *watch)
{
  g_signal_handlers_disconnect_by_data (gtk_widget_get_frame_clock (GTK_WIDGET (watch->window)), watch);
}

static gboolean
keep_awake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until @done, for at most @seconds; FALSE on timeout. */
static gboolean
run_until (gboolean (*done) (gpointer data),
           gpointer   data,
           int        seconds)
{
  gint64 end = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
  /* What we wait for happens in a dispatch, which wakes the loop; this
   * wakes it too when nothing happens, so the deadline holds. */
  guint wake = g_timeout_add (50, keep_awake_cb, NULL);
  gboolean ok = TRUE;

  while (ok && !done (data))
    {
      if (g_get_monotonic_time () > end)
        ok = FALSE;
      else
        g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (wake);
  return ok;
}

static gboolean
first_frame_done (gpointer data)
{
  return ((Watch *) data)->filled_at != 0;
}

static double
rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "\nVmRSS:")) == NULL)
    return -1;
  return g_ascii_strtod (line + strlen ("\nVmRSS:"), NULL) / 1024.0;
}

/* ---- 1 and 2: a million stories ----------------------------------------- */

typedef struct {
  Watch   *watch;
  guint    position;
  guint    frames;          /* painted when the story was last seen missing */
  gboolean missing;
} ScrollWait;

/* The row scrolled to has its story, and a frame painted since shows it.
 * Frames are asked for, as a scroll or a story that changes too little
 * would otherwise wait in vain. */
static gboolean
scrolled (gpointer data)
{
  ScrollWait *wait = data;
  GtkWidget *view = test_window_list_view (wait->watch->window);

  if (!item_loaded (wait->watch->window, wait->position))
    {
      wait->missing = TRUE;
      return FALSE;
    }
  if (wait->missing)
    {
      wait->missing = FALSE;
      wait->frames = wait->watch->frames;
      gtk_widget_queue_draw (view);
    }
  return wait->watch->frames > wait->frames;
}

static gboolean
bench_large (const char *path,
             double      init_mb)
{
  g_autoptr(DossierContext) context = NULL;
  Watch watch = { 0 };
  GtkWidget *view;
  double first_ms, before_mb, after_mb, scroll_s;
  gint64 start;
  gboolean ok = TRUE;

  start = g_get_monotonic_time ();
  context = dossier_context_new (path);
  watch.window = dossier_window_new (NULL, context);
  gtk_window_set_default_size (GTK_WINDOW (watch.window), 1280, 800);
  gtk_window_present (GTK_WINDOW (watch.window));
  watch_frames (&watch);
  if (!run_until (first_frame_done, &watch, 60))
    g_error ("no frame with a filled timeline within 60 s");
  first_ms = (watch.filled_at - start) / 1000.0;
  printf ("first frame (%d stories): %.0f ms (target < %d ms)\n", N_STORIES, first_ms, FIRST_FRAME_TARGET_MS);
  fflush (stdout);
  ok &= first_ms < FIRST_FRAME_TARGET_MS;

  /* Down the list a screenful at a time, as a reader paging through. */
  before_mb = rss_mb ();
  view = test_window_list_view (watch.window);
  start = g_get_monotonic_time ();
  for (guint position = SCROLL_STEP; position <= SCROLL_ROWS; position += SCROLL_STEP)
    {
      ScrollWait wait = { &watch, position, watch.frames, FALSE };

      gtk_widget_activate_action (view, "list.scroll-to-item", "u", position);
      gtk_widget_queue_draw (view);
      if (!run_until (scrolled, &wait, 10))
        g_error ("row %u was not shown within 10 s", position);
    }
  scroll_s = (g_get_monotonic_time () - start) / 1e6;
  after_mb = rss_mb ();
  printf ("memory after scrolling %d rows: %.0f MB resident (target < %d MB)\n",
          SCROLL_ROWS, after_mb, RSS_TARGET_MB);
  printf ("memory: %.0f MB after gtk_init, %.0f MB at the first frame, with %s\n", init_mb, before_mb,
          G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (watch.window))));
  printf ("scrolling: %.1f s for %d rows, %.0f ms a step of %d rows\n",
          scroll_s, SCROLL_ROWS, scroll_s * 1000 / (SCROLL_ROWS / SCROLL_STEP), SCROLL_STEP);
  fflush (stdout);
  ok &= after_mb > 0 && after_mb < RSS_TARGET_MB;

  unwatch_frames (&watch);
  gtk_window_destroy (GTK_WINDOW (watch.window));
  return ok;
}

/* ---- 3: a refresh of 200 feeds ------------------------------------------ */

static char *documents[N_REFRESH_FEEDS + 1];

static const char *day_names[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
static const char *month_names[] = {
  "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

/* RFC 822 in English whatever the locale, as feeds write it. */
static void
append_rfc822 (GString *out,
               gint64   when)
{
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (when);

  g_string_append_printf (out, "%s, %02d %s %d %02d:%02d:%02d GMT",
                          day_names[g_date_time_get_day_of_week (date) - 1],
                          g_date_time_get_day_of_month (date),
                          month_names[g_date_time_get_month (date) - 1],
                          g_date_time_get_year (date), g_date_time_get_hour (date),
                          g_date_time_get_minute (date), g_date_time_get_second (date));
}

/* Feed @n: 30 stories of the last days, every one its own, half of the
 * feeds in Arabic. */
static char *
make_document (int    n,
               gint64 now,
               GRand *rand)
{
  GString *doc = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>");
  gboolean arabic = n % 2 == 0;

  g_string_append_printf (doc, "<title>%s %d</title><link>https://wire%d.example/</link>",
                          arabic ? "النشرة" : "Wire", n, n);
  if (arabic)
    g_string_append (doc, "<language>ar</language>");
  for (int i = 0; i < N_REFRESH_ITEMS; i++)
    {
      g_autoptr(GString) title = g_string_new (NULL);
      g_autoptr(GString) body = g_string_new (NULL);

      sentence (title, rand, arabic, 9);
      sentence (body, rand, arabic, 60);
      g_string_append_printf (doc, "<item><guid>wire%d-%d</guid><link>https://wire%d.example/%d</link>"
                                   "<title>%s</title><pubDate>", n, i, n, i, title->str);
      append_rfc822 (doc, now - (gint64) (i * N_REFRESH_FEEDS + n) * 97);
      g_string_append_printf (doc, "</pubDate><description>&lt;p&gt;%s&lt;/p&gt;</description></item>",
                              body->str);
    }
  g_string_append (doc, "</channel></rss>");
  return g_string_free (doc, FALSE);
}

static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           data)
{
  int n = 0;

  if (sscanf (path, "/feed/%d.xml", &n) != 1 || n < 1 || n > N_REFRESH_FEEDS)
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_STATIC,
                                    documents[n], strlen (documents[n]));
}

typedef struct {
  DossierWindow *window;
  gint64         start;
  gint64         last_tick;
  gint64         last_cpu;
  gint64         longest;         /* the longest gap between ticks */
  gint64         longest_cpu;     /* the main thread's CPU time in it */
  gint64         longest_at;      /* when it ended, from the start */
  gint64         busiest;         /* the most CPU time between ticks */
  guint          over;            /* gaps over the target */
  gint64         refreshed_at;    /* when the window said it was done */
  gint64         shown_at;        /* when the list and sidebar showed it */
  const char    *path;            /* the refreshed database */
  guint          rows;            /* the timeline's rows once it is done */
  gint64         last_wait;
  gint64         longest_wait;    /* in the longest gap, waiting for a core */
  gint64         longest_own;     /* the longest gap less that wait */
  gboolean       tracing;         /* BENCH_TRACE is set */
  guint          traced_sidebar;  /* the last seen, when tracing */
  guint          traced_state;
} Stalls;

/* The CPU time of the calling thread, in microseconds. */
static gint64
thread_cpu_time (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* How long the calling thread has waited, runnable, for a processor, in
 * microseconds (the kernel's schedstat; -1 where it has none). */
static gint64
thread_wait_time (void)
{
  char buffer[128];
  FILE *file = fopen ("/proc/thread-self/schedstat", "r");
  gint64 wait = -1;

  if (file != NULL)
    {
      unsigned long long on_cpu, waited;

      if (fgets (buffer, sizeof buffer, file) != NULL &&
          sscanf (buffer, "%llu %llu", &on_cpu, &waited) == 2)
        wait = (gint64) (waited / 1000);
      fclose (file);
    }
  return wait;
}

/* With BENCH_TRACE set, what the main thread did around the longest
 * stall of the refresh is printed to stderr: the end of each frame-clock
 * phase (that of GTK's own handlers, which run before ours), each change
 * of the timeline model, and each long gap between ticks. BENCH_TRACE=all
 * prints the whole refresh. */
typedef struct {
  gint64      at;
  const char *what;
  guint       a, b, c;
} TraceEvent;

static TraceEvent trace[100000];
static guint n_trace;

static void
trace_add (const char *what,
           guint       a,
           guint       b,
           guint       c)
{
  if (n_trace < G_N_ELEMENTS (trace))
    trace[n_trace++] = (TraceEvent) { g_get_monotonic_time (), what, a, b, c };
}

static void
on_phase_cb (GdkFrameClock *clock,
             gpointer       what)
{
  trace_add (what, 0, 0, 0);
}

static void
on_timeline_changed_cb (GListModel *model,
                        guint       position,
                        guint       removed,
                        guint       added,
                        gpointer    data)
{
  trace_add ("timeline changed at/removed/added", position, removed, added);
}

static void
trace_start (DossierWindow *window)
{
  static const char *phases[] = {
    "flush-events", "before-paint", "update", "layout", "paint", "after-paint", "resume-events",
  };
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));

  for (guint i = 0; i < G_N_ELEMENTS (phases); i++)
    g_signal_connect (clock, phases[i], G_CALLBACK (on_phase_cb), (gpointer) phases[i]);
  g_signal_connect (test_window_timeline (window), "items-changed",
                    G_CALLBACK (on_timeline_changed_cb), NULL);
}

/* Times are from the start of the stall [@from, @to]. */
static void
trace_dump (gint64 from,
            gint64 to)
{
  gboolean all = g_strcmp0 (g_getenv ("BENCH_TRACE"), "all") == 0;

  fprintf (stderr, "trace of the longest stall, at %.4f s to %.4f s of the monotonic clock:\n",
           from / 1e6, to / 1e6);
  for (guint i = 0; i < n_trace; i++)
    if (all || (trace[i].at >= from - 20000 && trace[i].at <= to + 5000))
      fprintf (stderr, "  %.4f %+8.1f ms %s %u %u %u\n", trace[i].at / 1e6, (trace[i].at - from) / 1000.0,
               trace[i].what, trace[i].a, trace[i].b, trace[i].c);
}

static guint count_children (GtkWidget *widget);

static gboolean
on_tick_cb (gpointer data)
{
  Stalls *stalls = data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_time ();
  gint64 gap = now - stalls->last_tick;
  gint64 wait = thread_wait_time ();
  gint64 waited = wait >= 0 && stalls->last_wait >= 0 ? wait - stalls->last_wait : 0;

  if (gap > 8000)
    trace_add ("tick after a gap of ms/cpu ms", gap / 1000, (cpu - stalls->last_cpu) / 1000, 0);
  if (stalls->tracing)
    {
      /* What the window shows changing, to tell which change a long
       * frame laid out and painted. */
      guint sidebar = count_children (test_window_sidebar_list (stalls->window));
      guint state = (test_window_is_refreshing (stalls->window) ? 1 : 0) |
                    (test_window_is_loading (stalls->window) ? 2 : 0);

      if (sidebar != stalls->traced_sidebar || state != stalls->traced_state)
        trace_add ("sidebar children/refreshing+2*loading", sidebar, state, 0);
      stalls->traced_sidebar = sidebar;
      stalls->traced_state = state;
    }

  /* A gap with little CPU time in it is the thread waiting for a core,
   * not work on the main loop. */
  if (gap > stalls->longest)
    {
      stalls->longest = gap;
      stalls->longest_cpu = cpu - stalls->last_cpu;
      stalls->longest_at = now - stalls->start;
      stalls->longest_wait = waited;
    }
  /* What the machine's other processes cannot explain. */
  stalls->longest_own = MAX (stalls->longest_own, gap - waited);
  stalls->busiest = MAX (stalls->busiest, cpu - stalls->last_cpu);
  if (gap > STALL_TARGET_MS * 1000)
    stalls->over++;
  stalls->last_tick = now;
  stalls->last_cpu = cpu;
  stalls->last_wait = wait;
  return G_SOURCE_CONTINUE;
}

static guint
count_children (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

/* The sidebar lists the feeds (and the three fixed views). */
static gboolean
sidebar_listed (gpointer data)
{
  return count_children (test_window_sidebar_list (data)) >= 3 + N_REFRESH_FEEDS &&
         !test_window_is_loading (data);
}

/* The timeline's rows for the refreshed stories: one per event when the
 * window groups them (its default), else one per story. Read once, when
 * the refresh has ended, from a connection of its own. */
static guint
expected_rows (const char *path)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.dossierapp.Dossier");
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint rows = 0;

  if (!g_settings_get_boolean (settings, "group-events"))
    return N_REFRESH_FEEDS * N_REFRESH_ITEMS;
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM articles WHERE event_id IS NULL", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  rows = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return rows;
}

/* The refresh has ended, the timeline lists every new story (or event), and the
 * sidebar has been filled again: only then do entity rows appear, as no
 * story was filed before. */
static gboolean
refresh_shown (gpointer data)
{
  Stalls *stalls = data;
  DossierWindow *window = stalls->window;

  if (test_window_is_refreshing (window))
    return FALSE;
  if (stalls->refreshed_at == 0)
    {
      stalls->refreshed_at = g_get_monotonic_time () - stalls->start;
      stalls->rows = expected_rows (stalls->path);
    }
  if (test_window_is_loading (window) ||
      g_list_model_get_n_items (test_window_timeline (window)) != stalls->rows ||
      count_children (test_window_sidebar_list (window)) <= 3 + N_REFRESH_FEEDS)
    return FALSE;
  stalls->shown_at = g_get_monotonic_time () - stalls->start;
  return TRUE;
}

typedef struct {
  Watch  *watch;
  guint   frames;
  gint64  until;
} Settle;

/* The frames that show the new stories have been painted, and a little
 * time has passed: filling the rows and laying them out is part of the
 * refresh as the user sees it. */
static gboolean
settled (gpointer data)
{
  Settle *settle = data;

  return settle->watch->frames >= settle->frames + 2 && g_get_monotonic_time () >= settle->until;
}

static gboolean
bench_refresh (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autofree char *dir = test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "dossier.db", NULL);
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(DossierContext) context = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  Settle settle;
  Watch watch = { 0 };
  Stalls stalls = { 0 };
  TestServer *server;
  guint tick;
  gboolean ok;

  for (int n = 1; n <= N_REFRESH_FEEDS; n++)
    documents[n] = make_document (n, now, rand);
  server = test_server_start (handle, NULL);

  store = dossier_store_open (path, &error);
  g_assert_no_error (error);
  for (int n = 1; n <= N_REFRESH_FEEDS; n++)
    {
      g_autofree char *url = g_strdup_printf ("%s/feed/%d.xml", test_server_url (server), n);

      dossier_store_add_feed (store, url, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  g_clear_pointer (&store, dossier_store_close);

  context = dossier_context_new (path);
  watch.window = dossier_window_new (NULL, context);
  gtk_window_set_default_size (GTK_WINDOW (watch.window), 1280, 800);
  gtk_window_present (GTK_WINDOW (watch.window));
  watch_frames (&watch);
  if (!run_until (sidebar_listed, watch.window, 30))
    g_error ("the sidebar did not list the feeds within 30 s");

  /* From the click on, every tick of a 1 ms timeout on the main thread;
   * a long gap is a stall the user would feel. */
  stalls.window = watch.window;
  stalls.path = path;
  stalls.start = stalls.last_tick = g_get_monotonic_time ();
  stalls.last_cpu = thread_cpu_time ();
  stalls.last_wait = thread_wait_time ();
  stalls.tracing = g_getenv ("BENCH_TRACE") != NULL;
  if (stalls.tracing)
    trace_start (watch.window);
  tick = g_timeout_add (1, on_tick_cb, &stalls);
  gtk_widget_activate_action (GTK_WIDGET (watch.window), "win.refresh-all", NULL);
  g_assert_true (test_window_is_refreshing (watch.window));
  if (!run_until (refresh_shown, &stalls, 120))
    g_error ("the refresh was not shown within 120 s");
  settle.watch = &watch;
  settle.frames = watch.frames;
  settle.until = g_get_monotonic_time () + 300 * 1000;
  run_until (settled, &settle, 2);
  g_source_remove (tick);

  printf ("longest stall during a refresh of %d feeds: %.0f ms (target < %d ms)\n",
          N_REFRESH_FEEDS, stalls.longest / 1000.0, STALL_TARGET_MS);
  printf ("refresh: done at %.2f s, shown at %.2f s; %u stalls over %d ms; the longest ended at %.2f s"
          " with %.0f ms of main-thread CPU time in it; at most %.0f ms of CPU time between ticks\n",
          stalls.refreshed_at / 1e6, stalls.shown_at / 1e6, stalls.over, STALL_TARGET_MS,
          stalls.longest_at / 1e6, stalls.longest_cpu / 1000.0, stalls.busiest / 1000.0);
  /* On a loaded machine the main thread waits for a core: the kernel's
   * count of that wait tells the stalls of the machine from the window's. */
  printf ("refresh: the longest stall waited %.0f ms for a processor; the longest stall less its wait: %.0f ms\n",
          stalls.longest_wait / 1000.0, stalls.longest_own / 1000.0);
  if (g_getenv ("BENCH_TRACE") != NULL)
    trace_dump (stalls.start + stalls.longest_at - stalls.longest, stalls.start + stalls.longest_at);
  fflush (stdout);
  ok = stalls.longest < STALL_TARGET_MS * 1000;

  unwatch_frames (&watch);
  gtk_window_destroy (GTK_WINDOW (watch.window));
  g_clear_object (&context);
  test_server_stop (server);
  for (int n = 1; n <= N_REFRESH_FEEDS; n++)
    g_clear_pointer (&documents[n], g_free);
  test_remove_database (NULL, path);
  g_rmdir (dir);
  return ok;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *path = NULL;
  /* BENCH_ONLY_REFRESH: the refresh alone, to look into it; the large
   * database (minutes to make the first time) is then not made at all. */
  gboolean only_refresh = g_getenv ("BENCH_ONLY_REFRESH") != NULL;
  gboolean ok = TRUE;
  double init_mb;

  /* Made first, while the process is a single thread that can fork. */
  if (!only_refresh)
    path = big_database ();

  gtk_init ();
  adw_init ();
  init_mb = rss_mb ();
  g_assert_nonnull (dossier_get_resource ());

  if (!only_refresh)
    ok &= bench_large (path, init_mb);
  ok &= bench_refresh ();

  printf ("%s\n", ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}
