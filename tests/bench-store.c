/* SPDX-License-Identifier: GPL-3.0-or-later */

/* A generated database of 1,000,000 bilingual articles in 500 feeds, and
 * the queries the timeline makes: newest 50 of all, newest 50 of one feed,
 * a full-text word and a phrase. Targets: lists under 10 ms, searches
 * under 50 ms, under 2 KB of database per article beyond its own text. */

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "dossier-store.h"
#include "dossier-store-private.h"
#include "test-util.h"

#define N_ARTICLES 1000000
#define N_FEEDS    500
#define RUNS       15

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
      g_string_append (out, words[g_rand_int_range (rand, 0, 24)]);
    }
}

static double
median_ms (DossierStore       *store,
           const DossierQuery *query,
           guint              *rows)
{
  double times[RUNS];

  for (int r = 0; r < RUNS; r++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GPtrArray) result = dossier_store_query (store, query, NULL, NULL);

      times[r] = (g_get_monotonic_time () - start) / 1000.0;
      g_assert_nonnull (result);
      *rows = result->len;
    }
  for (int i = 1; i < RUNS; i++)
    for (int j = i; j > 0 && times[j] < times[j - 1]; j--)
      {
        double t = times[j];

        times[j] = times[j - 1];
        times[j - 1] = t;
      }
  return times[RUNS / 2];
}

static gint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? st.st_size : 0;
}

int
main (void)
{
  g_autoptr(GError) error = NULL;
  const char *keep = g_getenv ("DOSSIER_BENCH_DB");
  g_autofree char *dir = g_dir_make_tmp ("dossier-bench-XXXXXX", NULL);
  g_autofree char *path = keep != NULL ? g_strdup (keep) : g_build_filename (dir, "dossier.db", NULL);
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  gint64 text_bytes = 0;
  double all_ms, feed_ms, word_ms, phrase_ms, per_article;
  guint rows_all, rows_feed, rows_word, rows_phrase;
  gint64 start;
  DossierQuery q;
  gboolean ok;

  store = dossier_store_open (path, &error);
  g_assert_no_error (error);
  db = dossier_store_get_db (store);

  start = g_get_monotonic_time ();
  /* DOSSIER_BENCH_DB keeps the generated database for the next run. */
  sqlite3_prepare_v2 (db, "SELECT count (*) FROM articles", -1, &stmt, NULL);
  sqlite3_step (stmt);
  if (sqlite3_column_int64 (stmt, 0) == N_ARTICLES)
    {
      sqlite3_finalize (stmt);
      goto measure;
    }
  sqlite3_finalize (stmt);
  g_assert_true (dossier_store_begin (store, NULL));
  for (int f = 1; f <= N_FEEDS; f++)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO feeds (id, url, title, added) VALUES"
                                              " (%d, 'https://wire%d.example/feed', 'Wire %d', 0)", f, f, f);

      g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
    }
  g_assert_cmpint (sqlite3_prepare_v2 (db,
    "INSERT INTO articles (feed_id, guid, link, title, author, summary, content, lang, published,"
    " first_seen, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10)", -1, &stmt, NULL), ==, SQLITE_OK);
  for (int i = 0; i < N_ARTICLES; i++)
    {
      g_autoptr(GString) title = g_string_new (NULL);
      g_autoptr(GString) summary = g_string_new (NULL);
      g_autoptr(GString) content = g_string_new (NULL);
      g_autofree char *guid = g_strdup_printf ("story-%d", i);
      g_autofree char *link = g_strdup_printf ("https://wire.example/%d", i);
      gboolean arabic = g_rand_int_range (rand, 0, 3) == 0;

      sentence (title, rand, arabic, 9);
      sentence (summary, rand, arabic, 30);
      sentence (content, rand, arabic, 90);

      sqlite3_bind_int (stmt, 1, 1 + i % N_FEEDS);
      sqlite3_bind_text (stmt, 2, guid, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, link, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, title->str, title->len, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, "Wire staff", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, summary->str, summary->len, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 7, content->str, content->len, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 8, arabic ? "ar" : "en", -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 9, G_GINT64_CONSTANT (1600000000) + i * 60);
      sqlite3_bind_int64 (stmt, 10, i);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  g_assert_true (dossier_store_commit (store, NULL));
  sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;", NULL, NULL, NULL);
  printf ("generated:     %d articles in %.0f s\n", N_ARTICLES, (g_get_monotonic_time () - start) / 1e6);

measure:
  /* The stories' own text, as stored. */
  sqlite3_prepare_v2 (db, "SELECT total (length (CAST (title AS BLOB)) + length (CAST (summary AS BLOB))"
                          " + length (CAST (content AS BLOB)) + length (CAST (link AS BLOB))"
                          " + length (CAST (guid AS BLOB)) + length (CAST (author AS BLOB))) FROM articles",
                      -1, &stmt, NULL);
  sqlite3_step (stmt);
  text_bytes = (gint64) sqlite3_column_double (stmt, 0);
  sqlite3_finalize (stmt);

  dossier_query_init (&q);
  q.limit = 50;
  all_ms = median_ms (store, &q, &rows_all);
  q.feed_id = 123;
  feed_ms = median_ms (store, &q, &rows_feed);
  q.feed_id = 0;
  q.search = "huawei";
  word_ms = median_ms (store, &q, &rows_word);
  q.search = "\"ضوابط التصدير\"";
  phrase_ms = median_ms (store, &q, &rows_phrase);

  per_article = (double) (file_size (path) - text_bytes) / N_ARTICLES;
  ok = rows_all == 50 && rows_feed == 50 && rows_word == 50 && rows_phrase == 50 &&
       all_ms < 10 && feed_ms < 10 && word_ms < 50 && phrase_ms < 50 && per_article < 2048;

  printf ("newest 50:         %6.2f ms (target < 10 ms)\n", all_ms);
  printf ("newest 50 of feed: %6.2f ms (target < 10 ms)\n", feed_ms);
  printf ("search word:       %6.2f ms (target < 50 ms)\n", word_ms);
  printf ("search phrase:     %6.2f ms (target < 50 ms)\n", phrase_ms);
  printf ("database:          %.1f MB, %.0f bytes per article beyond its text (target < 2048)\n",
          file_size (path) / (1024.0 * 1024.0), per_article);
  printf ("%s\n", ok ? "PASS" : "FAIL");

  g_clear_pointer (&store, dossier_store_close);
  if (keep == NULL)
    test_remove_database (NULL, path);
  g_rmdir (dir);
  return ok ? 0 : 1;
}
