/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The tagger's speed, and the entity queries on a million stories.
 *
 * 0. The tagger's build from the shipped catalogue: CPU time and the
 *    size of its tables (printed, no target of its own).
 * 1. Throughput of the shipped catalogue over a generated bilingual
 *    corpus (two English stories for each Arabic one), and over the
 *    accuracy set's real excerpts, one thread. Target: at least 50 MB/s
 *    of article text, counted in the thread's CPU time.
 * 2. A database of 1,000,000 generated stories: filing them all from
 *    nothing, then a full re-tag after the user added an alias. Target:
 *    under 60 s of CPU each (the wall clock is printed too).
 * 3. On that database: the entity and topic lists with their counts, the
 *    per-week counts of one entity, its newest 50 stories, an entity with
 *    a topic, and the related tags. Target: under 20 ms each for the
 *    lists and the per-week counts.
 *
 * DOSSIER_BENCH_TAG_DB keeps the generated database for the next run;
 * BENCH_ONLY_THROUGHPUT stops after the throughput, BENCH_ONLY_REAL_NEWS
 * skips the generated corpus and BENCH_REAL_MB=N tags N MB of real news
 * rather than 60 (for callgrind). */

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dossier-catalogue.h"
#include "dossier-store.h"
#include "dossier-store-private.h"
#include "dossier-tagger.h"
#include "test-util.h"

#define N_ARTICLES  1000000   /* BENCH_TAG_STORIES=N for fewer, to profile */
#define N_FEEDS     500
#define N_CORPUS    20000
#define RUNS        15

/* CPU seconds of this thread: on a machine shared with other work the
 * wall clock counts the time others had the core, this does not. */
static double
thread_seconds (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec + now.tv_nsec / 1e9;
}

/* Ordinary words, which make most of any story. */
static const char *filler_en[] = {
  "the", "government", "said", "on", "Tuesday", "that", "new", "rules", "would", "take", "effect",
  "next", "year", "according", "to", "officials", "familiar", "with", "matter", "and", "analysts",
  "expect", "companies", "in", "the", "sector", "to", "respond", "quickly", "while", "investors",
  "watched", "markets", "closely", "after", "a", "week", "of", "talks", "between", "delegations",
  "from", "both", "countries", "over", "technology", "trade", "policy", "reported", "statement",
};
static const char *filler_ar[] = {
  "قالت", "الحكومة", "يوم", "الثلاثاء", "إن", "القواعد", "الجديدة", "ستدخل", "حيز", "التنفيذ",
  "العام", "المقبل", "وفقاً", "لمسؤولين", "مطلعين", "على", "الأمر", "ويتوقع", "المحللون", "أن",
  "تستجيب", "الشركات", "في", "القطاع", "بسرعة", "بينما", "راقب", "المستثمرون", "الأسواق", "عن",
  "كثب", "بعد", "أسبوع", "من", "المحادثات", "بين", "وفود", "البلدين", "حول", "سياسة", "التقنية",
};
/* What the stories are about: names and keywords as the press writes them. */
static const char *mentions_en[] = {
  "Nvidia", "Huawei", "DeepSeek", "Alibaba", "the Commerce Department", "export controls",
  "semiconductors", "TSMC", "ASML", "the Cyberspace Administration of China", "open-source models",
  "tariffs", "Moonshot AI", "Zhipu", "the H20", "Ascend chips", "data security", "SMIC",
  "the European Commission", "OpenAI", "Microsoft", "antitrust", "sanctions", "rare earths",
};
static const char *mentions_ar[] = {
  "إنفيديا", "هواوي", "ديب سيك", "علي بابا", "وزارة التجارة الأمريكية", "ضوابط التصدير",
  "أشباه الموصلات", "لتي إس إم سي", "وإيه إس إم إل", "إدارة الفضاء الإلكتروني الصينية",
  "مفتوحة المصدر", "الرسوم الجمركية", "بالصين", "لإنفيديا", "وهواوي", "رقائق", "أمن البيانات",
  "المفوضية الأوروبية", "أوبن إيه آي", "مايكروسوفت", "مكافحة الاحتكار", "عقوبات",
};

/* A story of @n_words words, about one mention in 25. */
static void
story_text (GString *out,
            GRand   *rand,
            gboolean arabic,
            int      n_words)
{
  const char **filler = arabic ? filler_ar : filler_en;
  const char **mentions = arabic ? mentions_ar : mentions_en;
  int n_filler = arabic ? G_N_ELEMENTS (filler_ar) : G_N_ELEMENTS (filler_en);
  int n_mentions = arabic ? G_N_ELEMENTS (mentions_ar) : G_N_ELEMENTS (mentions_en);

  for (int i = 0; i < n_words; i++)
    {
      if (i > 0)
        g_string_append_c (out, i % 17 == 16 ? '.' : ' ');
      if (i % 17 == 16)
        g_string_append_c (out, ' ');
      if (g_rand_int_range (rand, 0, 25) == 0)
        g_string_append (out, mentions[g_rand_int_range (rand, 0, n_mentions)]);
      else
        g_string_append (out, filler[g_rand_int_range (rand, 0, n_filler)]);
    }
  g_string_append_c (out, '.');
}

typedef struct {
  char *title;
  char *body;
} Story;

static double
sorted_median (double *times, int n)
{
  for (int i = 1; i < n; i++)
    for (int j = i; j > 0 && times[j] < times[j - 1]; j--)
      {
        double t = times[j];

        times[j] = times[j - 1];
        times[j - 1] = t;
      }
  return times[n / 2];
}

/* What every command that tags, every refresh and the application's
 * start pay first: the tagger built from the shipped catalogue (its
 * patterns and spellings, then the automaton), median of BUILDS. */
#define BUILDS 11

static void
bench_build (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierCatalogue) catalogue = dossier_catalogue_new_builtin (&error);
  double cpu[BUILDS], wall[BUILDS];
  gsize size = 0;

  g_assert_no_error (error);
  for (int i = 0; i < BUILDS; i++)
    {
      gint64 start = g_get_monotonic_time ();
      double cpu_start = thread_seconds ();
      DossierTagger *tagger = dossier_tagger_new (catalogue);

      cpu[i] = (thread_seconds () - cpu_start) * 1000;
      wall[i] = (g_get_monotonic_time () - start) / 1000.0;
      size = dossier_tagger_get_size (tagger);
      dossier_tagger_free (tagger);
    }
  printf ("tagger built:      %.1f ms of CPU (%.1f ms by the wall clock), median of %d; %.2f MB of tables\n",
          sorted_median (cpu, BUILDS), sorted_median (wall, BUILDS), BUILDS, size / 1e6);
}

static void
bench_throughput (gboolean *ok)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierCatalogue) catalogue = dossier_catalogue_new_builtin (&error);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  DossierTagger *tagger;
  DossierTagResult *result;
  Story *stories = g_new0 (Story, N_CORPUS);
  gint64 bytes = 0, matches = 0, start;
  double best = G_MAXDOUBLE, best_cpu = G_MAXDOUBLE, mb_s;

  g_assert_no_error (error);
  tagger = dossier_tagger_new (catalogue);
  result = dossier_tag_result_new (tagger);

  for (int i = 0; i < N_CORPUS; i++)
    {
      g_autoptr(GString) title = g_string_new (NULL);
      g_autoptr(GString) body = g_string_new (NULL);
      gboolean arabic = i % 3 == 2;

      story_text (title, rand, arabic, 10);
      story_text (body, rand, arabic, 350);
      bytes += title->len + body->len;
      stories[i].title = g_string_free (g_steal_pointer (&title), FALSE);
      stories[i].body = g_string_free (g_steal_pointer (&body), FALSE);
    }

  for (int run = 0; run < 3; run++)
    {
      double seconds;

      double cpu;

      matches = 0;
      start = g_get_monotonic_time ();
      cpu = thread_seconds ();
      for (int i = 0; i < N_CORPUS; i++)
        {
          dossier_tagger_run (tagger, stories[i].title, stories[i].body, result);
          matches += dossier_tag_result_get_n_matches (result);
        }
      best_cpu = MIN (best_cpu, thread_seconds () - cpu);
      seconds = (g_get_monotonic_time () - start) / 1e6;
      best = MIN (best, seconds);
    }
  mb_s = bytes / 1e6 / best_cpu;
  printf ("tagging:           %.1f MB/s on one core (%.1f MB/s by the wall clock), %.0f stories/s over %.1f MB (%d stories, %.1f tags each; target >= 50 MB/s)\n",
          mb_s, bytes / 1e6 / best, N_CORPUS / best_cpu, bytes / 1e6, N_CORPUS, (double) matches / N_CORPUS);
  *ok &= mb_s >= 50 && matches > N_CORPUS;

  for (int i = 0; i < N_CORPUS; i++)
    {
      g_free (stories[i].title);
      g_free (stories[i].body);
    }
  g_free (stories);
  dossier_tag_result_free (result);
  dossier_tagger_free (tagger);
}

/* The same over real news: the excerpts of the accuracy set (half of them
 * Arabic, a few paragraphs each), over and over until there are as many
 * bytes as the generated corpus. Names, quotes and proclitics are as
 * dense as the press writes them, not one in twenty-five words. */
static void
bench_real_news (const char *path,
                 gboolean   *ok)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierCatalogue) catalogue = dossier_catalogue_new_builtin (&error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) titles = g_ptr_array_new ();
  g_autoptr(GPtrArray) bodies = g_ptr_array_new ();
  DossierTagger *tagger;
  DossierTagResult *result;
  JsonArray *stories;
  gint64 bytes = 0, matches = 0, start;
  gint64 target = 60 * 1000 * 1000;
  guint n;
  double best = G_MAXDOUBLE, best_cpu = G_MAXDOUBLE, mb_s;

  /* Fewer bytes for callgrind, which runs fifty times slower. */
  if (g_getenv ("BENCH_REAL_MB") != NULL)
    target = g_ascii_strtoll (g_getenv ("BENCH_REAL_MB"), NULL, 10) * 1000 * 1000;
  g_assert_no_error (error);
  if (!json_parser_load_from_file (parser, path, &error))
    g_error ("%s: %s", path, error->message);
  stories = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "stories");
  while (bytes < target)
    for (guint i = 0; i < json_array_get_length (stories); i++)
      {
        JsonObject *story = json_array_get_object_element (stories, i);
        const char *title = json_object_get_string_member (story, "title");
        const char *text = json_object_get_string_member (story, "text");

        g_ptr_array_add (titles, (gpointer) title);
        g_ptr_array_add (bodies, (gpointer) text);
        bytes += strlen (title) + strlen (text);
      }
  n = titles->len;

  tagger = dossier_tagger_new (catalogue);
  result = dossier_tag_result_new (tagger);
  for (int run = 0; run < 3; run++)
    {
      double seconds;

      double cpu;

      matches = 0;
      start = g_get_monotonic_time ();
      cpu = thread_seconds ();
      for (guint i = 0; i < n; i++)
        {
          dossier_tagger_run (tagger, g_ptr_array_index (titles, i), g_ptr_array_index (bodies, i), result);
          matches += dossier_tag_result_get_n_matches (result);
        }
      best_cpu = MIN (best_cpu, thread_seconds () - cpu);
      seconds = (g_get_monotonic_time () - start) / 1e6;
      best = MIN (best, seconds);
    }
  mb_s = bytes / 1e6 / best_cpu;
  printf ("real news:         %.1f MB/s on one core (%.1f MB/s by the wall clock), %.0f stories/s over %.1f MB (%u excerpts, %.1f tags each; target >= 50 MB/s)\n",
          mb_s, bytes / 1e6 / best, n / best_cpu, bytes / 1e6, n, (double) matches / n);
  *ok &= mb_s >= 50;
  dossier_tag_result_free (result);
  dossier_tagger_free (tagger);
}

static gboolean
no_progress (guint64 done, guint64 total, gpointer user_data)
{
  return TRUE;
}

/* The seconds a re-tag took by the wall clock; @cpu gets its CPU time (a
 * re-tag runs in the calling thread). */
static double
time_retag (DossierStore *store,
            double       *cpu)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  double cpu_start = thread_seconds ();

  if (!dossier_store_retag (store, no_progress, NULL, &error))
    g_error ("re-tag: %s", error->message);
  *cpu = thread_seconds () - cpu_start;
  return (g_get_monotonic_time () - start) / 1e6;
}

static gint64
sql_int (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = 0;

  sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

typedef enum {
  Q_ENTITIES,
  Q_TOPICS,
  Q_WEEKS,
  Q_NEWEST,
  Q_WITH_TOPIC,
  Q_RELATED,
} QueryKind;

static double
median_query (DossierStore *store,
              QueryKind     kind,
              guint        *rows)
{
  const char *entity[] = { "nvidia", NULL };
  const char *topic[] = { "export-controls", NULL };
  double times[RUNS];

  for (int r = 0; r < RUNS; r++)
    {
      gint64 start = g_get_monotonic_time ();
      DossierQuery q;

      switch (kind)
        {
        case Q_ENTITIES:
        case Q_TOPICS:
          {
            g_autoptr(GPtrArray) tags = dossier_store_list_tags (store, kind == Q_ENTITIES
                                                                 ? DOSSIER_TAG_FILTER_ENTITIES
                                                                 : DOSSIER_TAG_FILTER_TOPICS, NULL);
            *rows = tags->len;
          }
          break;
        case Q_WEEKS:
          {
            g_autoptr(GArray) counts = dossier_store_tag_counts (store, "nvidia", DOSSIER_PERIOD_WEEK,
                                                                 DOSSIER_DATE_NONE, DOSSIER_DATE_NONE, NULL);
            *rows = counts->len;
          }
          break;
        case Q_NEWEST:
        case Q_WITH_TOPIC:
          {
            g_autoptr(GPtrArray) articles = NULL;

            dossier_query_init (&q);
            q.limit = 50;
            q.entities = (GStrv) entity;
            if (kind == Q_WITH_TOPIC)
              q.topics = (GStrv) topic;
            articles = dossier_store_query (store, &q, NULL, NULL);
            *rows = articles->len;
          }
          break;
        case Q_RELATED:
          {
            g_autoptr(GPtrArray) related = dossier_store_related_tags (store, "nvidia",
                                                                       G_GINT64_CONSTANT (1600000000) + 50000000,
                                                                       10, NULL);
            *rows = related->len;
          }
          break;
        }
      times[r] = (g_get_monotonic_time () - start) / 1000.0;
    }
  return sorted_median (times, RUNS);
}

static void
bench_database (gboolean *ok)
{
  g_autoptr(GError) error = NULL;
  const char *keep = g_getenv ("DOSSIER_BENCH_TAG_DB");
  g_autofree char *dir = g_dir_make_tmp ("dossier-bench-XXXXXX", NULL);
  g_autofree char *path = keep != NULL ? g_strdup (keep) : g_build_filename (dir, "dossier.db", NULL);
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  gboolean needed = FALSE;
  double first, again, cpu, ms;
  guint rows;
  gint64 start;
  int n_articles = N_ARTICLES;

  if (g_getenv ("BENCH_TAG_STORIES") != NULL)
    n_articles = atoi (g_getenv ("BENCH_TAG_STORIES"));
  store = dossier_store_open (path, &error);
  g_assert_no_error (error);
  db = dossier_store_get_db (store);

  if (sql_int (db, "SELECT count (*) FROM articles") != n_articles)
    {
      start = g_get_monotonic_time ();
      g_assert_true (dossier_store_begin (store, NULL));
      for (int f = 1; f <= N_FEEDS; f++)
        {
          g_autofree char *sql = g_strdup_printf ("INSERT INTO feeds (id, url, title, added) VALUES"
                                                  " (%d, 'https://wire%d.example/feed', 'Wire %d', 0)", f, f, f);

          g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
        }
      /* Written past the store, as an older Dossier would have left them:
       * none of them is filed yet. */
      g_assert_cmpint (sqlite3_prepare_v2 (db,
        "INSERT INTO articles (feed_id, guid, link, title, summary, lang, published, first_seen, hash)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)", -1, &stmt, NULL), ==, SQLITE_OK);
      for (int i = 0; i < n_articles; i++)
        {
          g_autoptr(GString) title = g_string_new (NULL);
          g_autoptr(GString) summary = g_string_new (NULL);
          g_autofree char *guid = g_strdup_printf ("story-%d", i);
          g_autofree char *link = g_strdup_printf ("https://wire.example/%d", i);
          gboolean arabic = i % 3 == 2;

          story_text (title, rand, arabic, 10);
          story_text (summary, rand, arabic, 80);
          sqlite3_bind_int (stmt, 1, 1 + i % N_FEEDS);
          sqlite3_bind_text (stmt, 2, guid, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 3, link, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 4, title->str, title->len, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 5, summary->str, summary->len, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 6, arabic ? "ar" : "en", -1, SQLITE_STATIC);
          /* A story every 90 s: three years of news. */
          sqlite3_bind_int64 (stmt, 7, G_GINT64_CONSTANT (1600000000) + (gint64) i * 90);
          sqlite3_bind_int64 (stmt, 8, i);
          g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
          sqlite3_reset (stmt);
        }
      sqlite3_finalize (stmt);
      g_assert_cmpint (sqlite3_exec (db, "DELETE FROM tagger_state WHERE key IN ('tagged_with', 'retag_next',"
                                         " 'retag_target')", NULL, NULL, NULL), ==, SQLITE_OK);
      g_assert_true (dossier_store_commit (store, NULL));
      sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
      printf ("generated:         %d stories in %.0f s\n", n_articles, (g_get_monotonic_time () - start) / 1e6);

      g_assert_true (dossier_store_retag_needed (store, &needed, NULL));
      g_assert_true (needed);
      first = time_retag (store, &cpu);
      printf ("filing all:        %.1f s (%.1f s of CPU) for %d stories, %" G_GINT64_FORMAT " tags written (target < 60 s)\n",
              first, cpu, n_articles, sql_int (db, "SELECT count (*) FROM article_tags"));
      *ok &= cpu < 60;
      sqlite3_exec (db, "ANALYZE", NULL, NULL, NULL);
    }

  /* The user's alias changes the catalogue: every story is read and
   * tagged again, and only what changed is written. */
  {
    g_autofree char *alias = g_strdup_printf ("Team Green %" G_GINT64_FORMAT, g_get_real_time ());

    g_assert_true (dossier_store_add_tag_alias (store, "nvidia", alias, NULL, TRUE, &error));
    g_assert_no_error (error);
  }
  again = time_retag (store, &cpu);
  printf ("re-tag:            %.1f s (%.1f s of CPU) for %d stories after an edit (target < 60 s)\n",
          again, cpu, n_articles);
  *ok &= cpu < 60;

  ms = median_query (store, Q_ENTITIES, &rows);
  printf ("entity list:       %6.2f ms, %u entities with counts (target < 20 ms)\n", ms, rows);
  *ok &= ms < 20 && rows >= 60;
  ms = median_query (store, Q_TOPICS, &rows);
  printf ("topic list:        %6.2f ms, %u topics with counts (target < 20 ms)\n", ms, rows);
  *ok &= ms < 20 && rows >= 15;
  ms = median_query (store, Q_WEEKS, &rows);
  printf ("weeks of nvidia:   %6.2f ms, %u weeks (target < 20 ms)\n", ms, rows);
  *ok &= ms < 20 && rows > 100;
  ms = median_query (store, Q_NEWEST, &rows);
  printf ("newest 50 nvidia:  %6.2f ms (target < 20 ms)\n", ms);
  *ok &= ms < 20 && rows == 50;
  ms = median_query (store, Q_WITH_TOPIC, &rows);
  printf ("nvidia + export-controls, newest 50: %6.2f ms\n", ms);
  ms = median_query (store, Q_RELATED, &rows);
  printf ("related to nvidia, last 15 months: %6.2f ms\n", ms);

  g_clear_pointer (&store, dossier_store_close);
  if (keep == NULL)
    test_remove_database (dir, path);
}

int
main (int    argc,
      char **argv)
{
  gboolean ok = TRUE;

  /* Each figure as soon as it is known, also into a log file. */
  setvbuf (stdout, NULL, _IOLBF, 0);
  bench_build ();
  if (g_getenv ("BENCH_ONLY_REAL_NEWS") == NULL)
    bench_throughput (&ok);
  if (argc > 1)
    bench_real_news (argv[1], &ok);
  if (g_getenv ("BENCH_ONLY_THROUGHPUT") != NULL)
    {
      printf ("%s\n", ok ? "PASS" : "FAIL");
      return ok ? 0 : 1;
    }
  bench_database (&ok);
  printf ("%s\n", ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}
