/* SPDX-License-Identifier: GPL-3.0-or-later */

/* What grouping costs.
 *
 * 1. A refresh's share: 200 feeds of 100 stories (about 1.5 KB of text
 *    each, two feeds in five Arabic, the same news in several feeds a few
 *    hours apart) merged into a new database, with grouping as it runs
 *    and with grouping deferred (a database that waits for `group`), in
 *    turns. Target: grouping adds under 10% to the merge; a whole refresh
 *    (fetching and parsing too) adds less.
 * 2. A database of 1,000,000 such stories over three years, grouped from
 *    nothing as after an upgrade. Target: under two minutes.
 *
 * The stories' text is the labelled set's real news, recombined: titles
 * and sentences of real reports, with other numbers and dates.
 * DOSSIER_BENCH_EVENTS_DB keeps the million-story database between runs;
 * BENCH_ONLY_REFRESH=1 skips part 2, BENCH_ONLY_MILLION=1 part 1,
 * BENCH_STORIES=N makes part 2 N stories. */

/* RUSAGE_THREAD */
#define _GNU_SOURCE

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "dossier-store.h"
#include "dossier-store-events.h"
#include "dossier-store-private.h"
#include "test-util.h"

#define N_FEEDS      n_feeds
#define N_ITEMS      100
#define RUNS         3

/* BENCH_FEEDS=20 makes part 1 small enough for callgrind. */
static int n_feeds = 200;
/* BENCH_STORIES=100000 makes part 2 smaller, to extrapolate from. */
static int n_million = 1000000;
#define N_MILLION_FULL 1000000.0
#define N_MILLION    n_million
#define HOUR         (G_GINT64_CONSTANT (3600))
#define T0           (G_GINT64_CONSTANT (1735689600))   /* 2025-01-01 */

typedef struct {
  char *title;
  char *text;
  gboolean arabic;
} Pool;

static GPtrArray *
load_pool (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_SRCDIR") ? g_getenv ("G_TEST_SRCDIR") : "tests",
                                            "fixtures", "events", "labelled.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GPtrArray *pool = g_ptr_array_new ();
  JsonArray *stories;

  if (!json_parser_load_from_file (parser, path, &error))
    g_error ("%s", error->message);
  stories = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "stories");
  for (guint i = 0; i < json_array_get_length (stories); i++)
    {
      JsonObject *o = json_array_get_object_element (stories, i);
      Pool *p = g_new0 (Pool, 1);

      p->title = g_strdup (json_object_get_string_member (o, "title"));
      p->text = g_strdup (json_object_get_string_member (o, "text"));
      p->arabic = g_str_equal (json_object_get_string_member (o, "lang"), "ar");
      g_ptr_array_add (pool, p);
    }
  return pool;
}

/* Story @n: a real report's title and text with its own figures, and
 * another report of its language after it, as a lead and background;
 * about 1.5 KB. The same @news makes the same story in other feeds. */
static void
make_story (GPtrArray *pool,
            guint      news,
            gboolean   arabic,
            GString   *title,
            GString   *text)
{
  guint n = pool->len;
  Pool *p = g_ptr_array_index (pool, news % n);
  Pool *q = g_ptr_array_index (pool, (news * 7 + 3) % n);

  for (guint k = 0; p->arabic != arabic && k < n; k++)
    p = g_ptr_array_index (pool, (news + k) % n);
  for (guint k = 0; q->arabic != arabic && k < n; k++)
    q = g_ptr_array_index (pool, (news * 7 + 3 + k) % n);
  g_string_assign (title, p->title);
  g_string_append_printf (title, " (%u)", news);
  g_string_assign (text, "<p>");
  g_string_append (text, p->text);
  g_string_append_printf (text, " %u.%u %u%%</p><p>", news % 997, news % 10, news % 89);
  g_string_append (text, q->text);
  g_string_append (text, "</p><p>");
  g_string_append (text, p->text);
  g_string_append (text, "</p>");
}

static double
median (double *v, int n)
{
  for (int i = 1; i < n; i++)
    for (int j = i; j > 0 && v[j] < v[j - 1]; j--)
      {
        double t = v[j];

        v[j] = v[j - 1];
        v[j - 1] = t;
      }
  return v[n / 2];
}

/* 200 feeds of 100 stories into a new database; returns the seconds the
 * merges took. @deferred leaves a story waiting first, so that every
 * refresh leaves its stories for `group`. */
static double
refresh_once (GPtrArray *pool,
              gboolean   deferred,
              guint     *n_events)
{
  g_autofree char *dir = g_dir_make_tmp ("dossier-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bench.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = dossier_store_open (path, &error);
  g_autoptr(GString) title = g_string_new (NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) feeds = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_parsed_feed_free);
  gint64 ids[200];
  gint64 start;
  double seconds;

  g_assert_no_error (error);
  for (int f = 0; f < N_FEEDS; f++)
    {
      g_autofree char *url = g_strdup_printf ("https://feed%d.example/rss", f);
      DossierParsedFeed *feed = dossier_parsed_feed_new ();
      gboolean arabic = f % 5 < 2;

      ids[f] = dossier_store_add_feed (store, url, NULL, NULL, &error);
      g_assert_no_error (error);
      feed->format = DOSSIER_FEED_FORMAT_RSS20;
      feed->title = g_strdup_printf ("Feed %d", f);
      feed->language = g_strdup (arabic ? "ar" : "en");
      for (int i = 0; i < N_ITEMS; i++)
        {
          DossierParsedItem *it = dossier_parsed_item_new ();
          /* Neighbouring feeds carry the same news, hours apart. */
          guint news = (guint) (i * 37 + (f / 4) * 11);

          make_story (pool, news, arabic, title, text);
          it->guid = g_strdup_printf ("f%d-%d", f, i);
          it->link = g_strdup_printf ("https://feed%d.example/%d", f, i);
          it->title = g_strdup (title->str);
          it->summary = g_strndup (text->str + 3, 300);
          it->content = g_strdup (text->str);
          it->published = T0 + (gint64) news * HOUR + (f % 4) * HOUR;
          g_ptr_array_add (feed->items, it);
        }
      g_ptr_array_add (feeds, feed);
    }
  if (deferred)
    {
      g_autoptr(DossierParsedFeed) one = dossier_parsed_feed_new ();
      DossierParsedItem *it = dossier_parsed_item_new ();

      it->guid = g_strdup ("waiting");
      it->title = g_strdup ("A story stored before events");
      it->published = T0;
      g_ptr_array_add (one->items, it);
      g_assert_true (dossier_store_merge_feed (store, ids[0], one, T0, NULL, &error));
      g_assert_true (sqlite3_exec (dossier_store_get_db (store),
                                   "UPDATE event_state SET value = 0 WHERE key = 'grouped_upto'",
                                   NULL, NULL, NULL) == SQLITE_OK);
    }

  start = g_get_monotonic_time ();
  for (int f = 0; f < N_FEEDS; f++)
    if (!dossier_store_merge_feed (store, ids[f], g_ptr_array_index (feeds, f), T0 + 1000 * HOUR, NULL, &error))
      g_error ("%s", error->message);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  if (n_events != NULL)
    {
      DossierQuery q;
      g_autoptr(GArray) events = NULL;

      dossier_query_init (&q);
      events = dossier_store_query_event_ids (store, &q, &error);
      g_assert_no_error (error);
      *n_events = events->len;
    }
  g_clear_pointer (&store, dossier_store_close);
  test_remove_database (dir, path);
  return seconds;
}

static gboolean
bench_refresh (GPtrArray *pool)
{
  double with[RUNS], without[RUNS], share;
  guint n_events = 0;
  gboolean ok;

  for (int run = 0; run < RUNS; run++)
    {
      without[run] = refresh_once (pool, TRUE, NULL);
      with[run] = refresh_once (pool, FALSE, run == 0 ? &n_events : NULL);
    }
  share = median (with, RUNS) / median (without, RUNS) - 1.0;
  ok = share < 0.10;
  printf ("merge of %d stories, grouping deferred: %.2f s (median of %d)\n",
          N_FEEDS * N_ITEMS, median (without, RUNS), RUNS);
  printf ("merge of %d stories, grouped as stored: %.2f s, %u events\n",
          N_FEEDS * N_ITEMS, median (with, RUNS), n_events);
  printf ("grouping's share of the merge: %+.1f%% (target: under 10%%)  %s\n", 100 * share, ok ? "PASS" : "FAIL");
  return ok;
}

/* The process's peak resident memory in KB since the last reset. */
static long
peak_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmHWM:")) == NULL)
    return -1;
  return strtol (line + 6, NULL, 10);
}

/* Counts the peak from now (Linux: "5" to clear_refs resets it). */
static void
reset_peak (void)
{
  g_file_set_contents ("/proc/self/clear_refs", "5", 1, NULL);
}

static double process_cpu (void);

typedef struct {
  double  cpu;            /* at the last line */
  guint64 next;           /* stories grouped at the next line */
} Progress;

/* A line each 100,000 stories grouped, with the CPU time they took: a
 * cost that grows with the database shows as a growing figure. */
static gboolean
progress_cb (guint64 done, guint64 total, gpointer user_data)
{
  Progress *progress = user_data;

  if (done >= progress->next)
    {
      double cpu = process_cpu ();

      printf ("  grouped %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " (%.1f s of CPU since the last line)\n",
              done, total, cpu - progress->cpu);
      progress->cpu = cpu;
      progress->next = (done / 100000 + 1) * 100000;
      fflush (stdout);
    }
  return TRUE;
}

/* @n stories into @store's new database, in time order as refreshes
 * store them: 95 s apart (three years for a million), the same news in
 * @per_news stories of neighbouring feeds (0: every story the same news,
 * one event), then filed as the store files them. */
static void
generate (DossierStore *store,
          GPtrArray    *pool,
          int           n,
          int           per_news,
          gboolean      verbose)
{
  g_autoptr(GString) title = g_string_new (NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  sqlite3 *db = dossier_store_get_db (store);
  sqlite3_stmt *stmt = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autofree char *fts_trigger = NULL;

  /* The search index is not what is measured, and would make the
   * million stories' making several times longer: its trigger stands
   * aside meanwhile (the file is the benchmark's own). */
  if (sqlite3_prepare_v2 (db, "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'articles_fts_insert'",
                          -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    fts_trigger = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  stmt = NULL;
  if (fts_trigger != NULL)
    sqlite3_exec (db, "DROP TRIGGER articles_fts_insert", NULL, NULL, NULL);
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  for (int f = 1; f <= 500; f++)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO feeds (id, url, title, language, added)"
                                              " VALUES (%d, 'https://f%d.example/', 'Feed %d', '%s', 0)",
                                              f, f, f, f % 5 < 2 ? "ar" : "en");
      sqlite3_exec (db, sql, NULL, NULL, NULL);
    }
  sqlite3_prepare_v2 (db,
    "INSERT INTO articles (feed_id, guid, link, title, summary, lang, published, first_seen, hash)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, 0)", -1, &stmt, NULL);
  for (int i = 0; i < n; i++)
    {
      guint news = per_news > 0 ? (guint) (i / per_news) : 0;
      int feed = 1 + (int) ((i * 131u) % 500);
      gboolean arabic = feed % 5 < 2;
      g_autofree char *guid = g_strdup_printf ("g%d", i);
      g_autofree char *link = g_strdup_printf ("https://f%d.example/%d", feed, i);

      make_story (pool, news, arabic, title, text);
      /* One event's reports are not one title each: the outlets word it
       * their own way. */
      if (per_news == 0)
        g_string_append_printf (title, " %s %d", arabic ? "المصدر" : "source", feed);
      sqlite3_bind_int (stmt, 1, feed);
      sqlite3_bind_text (stmt, 2, guid, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, link, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, title->str, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 5, text->str, MIN ((int) text->len, 600), SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 6, arabic ? "ar" : "en", -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 7, T0 + (gint64) i * (per_news > 0 ? 95 : 17));
      if (sqlite3_step (stmt) != SQLITE_DONE)
        g_error ("%s", sqlite3_errmsg (db));
      sqlite3_reset (stmt);
      if (i % 100000 == 99999)
        {
          sqlite3_exec (db, "COMMIT; BEGIN", NULL, NULL, NULL);
          if (verbose)
            {
              printf ("  generated %d\n", i + 1);
              fflush (stdout);
            }
        }
    }
  sqlite3_finalize (stmt);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  if (fts_trigger != NULL)
    sqlite3_exec (db, fts_trigger, NULL, NULL, NULL);
  if (verbose)
    printf ("generated %d stories in %.0f s\n", n, (g_get_monotonic_time () - start) / 1e6);
  start = g_get_monotonic_time ();
  if (!dossier_store_retag (store, NULL, NULL, &error))
    g_error ("%s", error->message);
  if (verbose)
    printf ("filed in %.0f s\n", (g_get_monotonic_time () - start) / 1e6);
}

/* The calling thread's CPU time, in seconds: on a machine shared with
 * other work the wall clock says more of the others than of the code. */
static double
thread_cpu (void)
{
  struct rusage usage;

  getrusage (RUSAGE_THREAD, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/* The whole process's: grouping a backlog reads ahead in a thread of its
 * own. */
static double
process_cpu (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/* Groups @n stories from nothing (@per_news as generate ()), and returns
 * the CPU seconds it took (every thread: reading ahead too); @n_events the
 * events made. */
static double
group_from_nothing (GPtrArray *pool,
                    int        n,
                    int        per_news,
                    guint     *n_events)
{
  g_autofree char *dir = g_dir_make_tmp ("dossier-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "size.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = dossier_store_open (path, &error);
  DossierQuery q;
  g_autoptr(GArray) events = NULL;
  double cpu, seconds;

  g_assert_no_error (error);
  generate (store, pool, n, per_news, FALSE);
  g_assert_true (sqlite3_exec (dossier_store_get_db (store),
                               "UPDATE articles SET event_id = NULL WHERE event_id IS NOT NULL; DELETE FROM event_links;"
                               " UPDATE event_state SET value = 0 WHERE key = 'grouped_upto';",
                               NULL, NULL, NULL) == SQLITE_OK);
  cpu = process_cpu ();
  if (!dossier_store_group_events (store, NULL, NULL, &error))
    g_error ("%s", error->message);
  seconds = process_cpu () - cpu;
  dossier_query_init (&q);
  events = dossier_store_query_event_ids (store, &q, &error);
  g_assert_no_error (error);
  *n_events = events->len;
  g_clear_pointer (&store, dossier_store_close);
  test_remove_database (dir, path);
  return seconds;
}

/* 3. What a story costs to group as its event grows: small events (the
 * same news in four stories), one event of 1,000 stories and one of
 * 5,000 (every story the same news, within a day), in CPU time. Bounded:
 * the story that joins an event of 5,000 costs about what one joining
 * 1,000 does (callgrind: 0.91 and 0.89 million instructions a story). */
static gboolean
bench_sizes (GPtrArray *pool)
{
  static const struct { const char *what; int n; int per_news; } cases[] = {
    { "small events (4 stories each)", 5000, 4 },
    { "one event of 1,000 stories", 1000, 0 },
    { "one event of 5,000 stories", 5000, 0 },
  };
  double per_story[G_N_ELEMENTS (cases)];
  gboolean ok;

  /* BENCH_SIZE_CASE=N runs case N once, for callgrind. */
  if (g_getenv ("BENCH_SIZE_CASE") != NULL)
    {
      guint c = MIN ((guint) atoi (g_getenv ("BENCH_SIZE_CASE")), G_N_ELEMENTS (cases) - 1);
      guint n_events = 0;
      double seconds = group_from_nothing (pool, cases[c].n, cases[c].per_news, &n_events);

      printf ("grouping cost, %s: %.0f µs of CPU a story (one run; %u events)\n", cases[c].what,
              seconds / cases[c].n * 1e6, n_events);
      return TRUE;
    }
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      double runs[RUNS];
      guint n_events = 0;

      for (int r = 0; r < RUNS; r++)
        runs[r] = group_from_nothing (pool, cases[c].n, cases[c].per_news, &n_events);
      per_story[c] = median (runs, RUNS) / cases[c].n * 1e6;
      printf ("grouping cost, %s: %.0f µs of CPU a story (median of %d; %u events)\n",
              cases[c].what, per_story[c], RUNS, n_events);
    }
  ok = per_story[2] < 1.5 * per_story[1];
  printf ("a story joining an event of 5,000 costs %.2f × one joining 1,000 (target: under 1.5)  %s\n",
          per_story[2] / per_story[1], ok ? "PASS" : "FAIL");
  return ok;
}

static gboolean
bench_million (GPtrArray *pool)
{
  const char *keep = g_getenv ("DOSSIER_BENCH_EVENTS_DB");
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = NULL;
  gboolean fresh;
  gint64 start;
  double seconds, cpu, thread;
  Progress progress;
  guint64 pending = 0;

  if (keep != NULL)
    path = g_strdup (keep);
  else
    {
      dir = g_dir_make_tmp ("dossier-bench-XXXXXX", NULL);
      path = g_build_filename (dir, "million.db", NULL);
    }
  fresh = !g_file_test (path, G_FILE_TEST_EXISTS);
  store = dossier_store_open (path, &error);
  g_assert_no_error (error);

  if (fresh)
    generate (store, pool, N_MILLION, 4, TRUE);

  /* From nothing, as an upgraded database. */
  if (sqlite3_exec (dossier_store_get_db (store),
                    "UPDATE articles SET event_id = NULL WHERE event_id IS NOT NULL; DELETE FROM event_links;"
                    " UPDATE event_state SET value = 0 WHERE key = 'grouped_upto';", NULL, NULL, NULL) != SQLITE_OK)
    g_error ("%s", sqlite3_errmsg (dossier_store_get_db (store)));
  g_clear_pointer (&store, dossier_store_close);
  store = dossier_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (dossier_store_events_pending (store, &pending, &error));

  reset_peak ();
  start = g_get_monotonic_time ();
  cpu = process_cpu ();
  thread = thread_cpu ();
  progress = (Progress) { cpu, 100000 };
  if (!dossier_store_group_events (store, progress_cb, &progress, &error))
    g_error ("%s", error->message);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  cpu = process_cpu () - cpu;
  thread = thread_cpu () - thread;
  printf ("grouping's CPU time: %.1f s (%.0f µs a story), %.1f s of it in the grouping thread"
          " (the rest reads ahead)\n", cpu, cpu / MAX (pending, 1) * 1e6, thread);
  printf ("peak resident memory while grouping: %.0f MB\n", peak_kb () / 1024.0);
  {
    DossierQuery q;
    g_autoptr(GArray) events = NULL;

    dossier_query_init (&q);
    events = dossier_store_query_event_ids (store, &q, &error);
    g_assert_no_error (error);
    printf ("grouped %" G_GUINT64_FORMAT " stories from nothing in %.1f s (%.0f stories/s), %u events"
            " (target for a million: under 120 s)  %s\n", pending, seconds, pending / seconds, events->len,
            seconds * N_MILLION_FULL / N_MILLION < 120 ? "PASS" : "FAIL");
  }
  g_clear_pointer (&store, dossier_store_close);
  if (keep == NULL)
    test_remove_database (dir, path);
  return seconds * N_MILLION_FULL / N_MILLION < 120;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) pool = load_pool ();
  gboolean ok = TRUE;

  if (g_getenv ("BENCH_FEEDS") != NULL)
    n_feeds = CLAMP (atoi (g_getenv ("BENCH_FEEDS")), 1, 200);
  if (g_getenv ("BENCH_STORIES") != NULL)
    n_million = CLAMP (atoi (g_getenv ("BENCH_STORIES")), 1000, 1000000);

  if (g_getenv ("BENCH_ONLY_MILLION") == NULL && g_getenv ("BENCH_ONLY_SIZES") == NULL)
    ok &= bench_refresh (pool);
  if (g_getenv ("BENCH_ONLY_MILLION") == NULL && g_getenv ("BENCH_ONLY_REFRESH") == NULL)
    ok &= bench_sizes (pool);
  if (g_getenv ("BENCH_ONLY_REFRESH") == NULL && g_getenv ("BENCH_ONLY_SIZES") == NULL)
    ok &= bench_million (pool);
  printf ("%s\n", ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}
