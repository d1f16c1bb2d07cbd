/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Events in the store, on real SQLite files: stories grouped as they are
 * stored, one row per event, why, corrections that persist, a lead that
 * goes, the counts of events per entity, and a database grouped after an
 * upgrade. */

#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

#include "dossier-error.h"
#include "dossier-store.h"
#include "dossier-store-events.h"
#include "dossier-store-private.h"
#include "test-util.h"

#define HOUR G_GINT64_CONSTANT (3600)
#define T0   G_GINT64_CONSTANT (1754913600)   /* 2025-08-11T12:00:00Z */

typedef struct {
  char         *dir;
  char         *path;
  DossierStore *store;
  gint64        en, ar, other;
} Fixture;

static gint64
add_feed (Fixture *f, const char *url, const char *lang)
{
  g_autoptr(GError) error = NULL;
  gint64 id = dossier_store_add_feed (f->store, url, NULL, NULL, &error);

  g_assert_no_error (error);
  (void) lang;
  return id;
}

static DossierParsedItem *
item (const char *guid,
      const char *title,
      const char *summary,
      gint64      published)
{
  DossierParsedItem *it = dossier_parsed_item_new ();

  it->guid = g_strdup (guid);
  it->title = g_strdup (title);
  it->link = g_strdup_printf ("https://%s.example/story", guid);
  it->summary = g_strdup (summary);
  it->published = published;
  return it;
}

static void
merge (Fixture *f, gint64 feed_id, const char *lang, DossierParsedItem *first, ...)
{
  g_autoptr(DossierParsedFeed) feed = dossier_parsed_feed_new ();
  g_autoptr(GError) error = NULL;
  va_list args;

  feed->format = DOSSIER_FEED_FORMAT_RSS20;
  feed->title = g_strdup_printf ("Feed %" G_GINT64_FORMAT, feed_id);
  feed->language = g_strdup (lang);
  va_start (args, first);
  for (DossierParsedItem *it = first; it != NULL; it = va_arg (args, DossierParsedItem *))
    g_ptr_array_add (feed->items, it);
  va_end (args);
  g_assert_true (dossier_store_merge_feed (f->store, feed_id, feed, T0 + 24 * HOUR, NULL, &error));
  g_assert_no_error (error);
}

static gint64
id_of (Fixture *f, const char *guid)
{
  sqlite3_stmt *stmt = NULL;
  gint64 id = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (dossier_store_get_db (f->store),
                                       "SELECT id FROM articles WHERE guid = ?1", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, guid, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  g_assert_cmpint (id, >, 0);
  return id;
}

static gint64
event_of (Fixture *f, const char *guid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierEvent) event = dossier_store_get_event (f->store, id_of (f, guid), &error);

  g_assert_no_error (error);
  return event->id;
}

static gint64
sql_count (DossierStore *store,
           const char   *sql)
{
  return test_sql_int (dossier_store_get_db (store), sql);
}

static gint64
sql_int (Fixture *f, const char *sql)
{
  return sql_count (f->store, sql);
}

/* What the triggers keep must be what counting finds: every follower
 * follows a lead, and each entity's events are its leads. */
static void
assert_store_consistent (DossierStore *store)
{
  g_assert_cmpint (sql_count (store, "SELECT count(*) FROM articles a WHERE a.event_id IS NOT NULL AND NOT EXISTS"
                                     " (SELECT 1 FROM articles l WHERE l.id = a.event_id AND l.event_id IS NULL)"), ==, 0);
  g_assert_cmpint (sql_count (store, "SELECT count(*) FROM tags t WHERE t.events != (SELECT count(*) FROM article_tags l"
                                     " JOIN articles a ON a.id = l.article_id WHERE l.tag_id = t.id AND a.event_id IS NULL)"), ==, 0);
  g_assert_cmpint (sql_count (store, "SELECT count(*) FROM tag_days d WHERE d.events != (SELECT count(*) FROM article_tags l"
                                     " JOIN articles a ON a.id = l.article_id WHERE l.tag_id = d.tag_id"
                                     " AND l.published / 86400 = d.day AND a.event_id IS NULL)"), ==, 0);
  g_assert_cmpint (sql_count (store, "SELECT count(*) FROM event_links k JOIN articles a ON a.id = k.article_id"
                                     " WHERE a.event_id IS NULL"), ==, 0);
}

static void
assert_consistent (Fixture *f)
{
  assert_store_consistent (f->store);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = test_make_temp_dir ();
  f->path = g_build_filename (f->dir, "dossier.db", NULL);
  f->store = dossier_store_open (f->path, &error);
  g_assert_no_error (error);
  f->en = add_feed (f, "https://en.example/feed", "en");
  f->ar = add_feed (f, "https://ar.example/feed", "ar");
  f->other = add_feed (f, "https://other.example/feed", "en");

  /* The deal, in English; another Nvidia story the same day. */
  merge (f, f->en, "en",
         item ("en-deal", "Nvidia, AMD to pay US 15% of China chip sales",
               "Nvidia and AMD agreed to give the US government 15% of revenue from H20 and MI308 chip sales in China.",
               T0),
         item ("en-texas", "Nvidia to build AI supercomputers in Texas",
               "Nvidia will make AI servers in Arizona and Texas with Foxconn and Wistron over four years.",
               T0 + HOUR),
         NULL);
  /* The deal in Arabic, three hours later. */
  merge (f, f->ar, "ar",
         item ("ar-deal", "إنفيديا وAMD تدفعان ١٥٪ من مبيعات الصين لأمريكا",
               "وافقت إنفيديا وAMD على دفع ١٥٪ من إيرادات بيع رقائق H20 وMI308 في الصين للحكومة الأمريكية.",
               T0 + 3 * HOUR),
         NULL);
  assert_consistent (f);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_pointer (&f->store, dossier_store_close);
  g_free (f->path);
  g_free (f->dir);
}

static void
test_grouped_as_stored (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierEvent) event = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *why = NULL;
  DossierEventStory *second;
  DossierQuery q;
  gint64 deal = id_of (f, "en-deal");

  g_assert_cmpint (event_of (f, "ar-deal"), ==, deal);
  g_assert_cmpint (event_of (f, "en-texas"), ==, id_of (f, "en-texas"));

  event = dossier_store_get_event (f->store, id_of (f, "ar-deal"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (event->stories->len, ==, 2);
  g_assert_cmpuint (event->n_feeds, ==, 2);
  g_assert_cmpstr (event->languages[0], ==, "ar");
  g_assert_cmpstr (event->languages[1], ==, "en");
  g_assert_null (event->languages[2]);
  g_assert_cmpstr (dossier_event_get_title (event, "ar"), ==, "إنفيديا وAMD تدفعان ١٥٪ من مبيعات الصين لأمريكا");
  g_assert_cmpstr (dossier_event_get_title (event, "en"), ==, "Nvidia, AMD to pay US 15% of China chip sales");
  second = g_ptr_array_index (event->stories, 1);
  g_assert_cmpint (second->matched, ==, deal);
  why = dossier_store_event_why_text (f->store, second->why);
  g_assert_nonnull (why);
  g_test_message ("why: %s (%s)", why, second->why);
  g_assert_true (g_str_has_prefix (why, "Both mention "));
  g_assert_nonnull (strstr (why, "AMD"));
  g_assert_nonnull (strstr (why, "15%"));
  g_assert_true (g_str_has_suffix (why, "3 hours apart"));

  /* One row per event, in the timeline's order. */
  dossier_query_init (&q);
  ids = dossier_store_query_event_ids (f->store, &q, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, id_of (f, "en-texas"));
  g_assert_cmpint (g_array_index (ids, gint64, 1), ==, deal);

  /* A row knows its event's size and languages. */
  rows = dossier_store_get_articles (f->store, &deal, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (((DossierArticle *) g_ptr_array_index (rows, 0))->event_stories, ==, 2);
  g_assert_cmpstr (((DossierArticle *) g_ptr_array_index (rows, 0))->event_languages, ==, "ar en");
  g_assert_cmpint (((DossierArticle *) g_ptr_array_index (rows, 0))->event_updated, ==, T0 + 3 * HOUR);

  /* Events counted per entity: the deal once, the Texas story once. */
  g_assert_cmpint (sql_int (f, "SELECT events FROM tags WHERE slug = 'nvidia'"), ==, 2);
  g_assert_cmpint (sql_int (f, "SELECT mentions FROM tags WHERE slug = 'nvidia'"), ==, 3);
}

/* A filter finds an event by any of its stories, and shows it once. */
static void
test_filtered (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  const char *amd[] = { "amd", NULL };
  DossierQuery q;

  dossier_query_init (&q);
  q.entities = (GStrv) amd;
  ids = dossier_store_query_event_ids (f->store, &q, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, id_of (f, "en-deal"));

  dossier_query_init (&q);
  q.feed_id = f->ar;
  g_clear_pointer (&ids, g_array_unref);
  ids = dossier_store_query_event_ids (f->store, &q, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, id_of (f, "en-deal"));
}

static void
test_corrections (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 ar = id_of (f, "ar-deal"), deal = id_of (f, "en-deal"), texas = id_of (f, "en-texas");

  /* "Not the same event" */
  g_assert_true (dossier_store_event_split (f->store, ar, &error));
  g_assert_no_error (error);
  g_assert_cmpint (event_of (f, "ar-deal"), ==, ar);
  assert_consistent (f);

  /* Kept after a restart, and winning over the rules: another copy of
   * the Arabic story (its own link) goes to the Arabic one, not back to
   * the deal's event. */
  g_clear_pointer (&f->store, dossier_store_close);
  f->store = dossier_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM event_corrections WHERE same = 0"), ==, 1);
  merge (f, f->other, "ar",
         item ("ar-copy", "إنفيديا وAMD تدفعان ١٥٪ من مبيعات الصين لأمريكا",
               "وافقت إنفيديا وAMD على دفع ١٥٪ من إيرادات بيع رقائق H20 وMI308 في الصين للحكومة الأمريكية.",
               T0 + 4 * HOUR),
         NULL);
  g_assert_cmpint (event_of (f, "ar-copy"), ==, ar);
  g_assert_cmpint (event_of (f, "en-deal"), ==, deal);
  assert_consistent (f);

  /* "Same event as…": the older event takes the other in. */
  g_assert_true (dossier_store_event_join (f->store, texas, deal, &error));
  g_assert_no_error (error);
  g_assert_cmpint (event_of (f, "en-texas"), ==, deal);
  assert_consistent (f);
  {
    g_autoptr(DossierEvent) event = dossier_store_get_event (f->store, texas, &error);
    DossierEventStory *story = g_ptr_array_index (event->stories, 1);
    g_autofree char *why = dossier_store_event_why_text (f->store, story->why);

    g_assert_cmpint (story->article_id, ==, texas);
    g_assert_cmpstr (why, ==, "You said they are the same event");
  }

  /* The lead leaves: the next story leads what is left. */
  g_assert_true (dossier_store_event_split (f->store, deal, &error));
  g_assert_no_error (error);
  g_assert_cmpint (event_of (f, "en-deal"), ==, deal);
  g_assert_cmpint (event_of (f, "en-texas"), ==, texas);
  assert_consistent (f);

  /* Unknown stories are an error, and change nothing. */
  g_assert_false (dossier_store_event_split (f->store, 999999, &error));
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (dossier_store_event_join (f->store, ar, 999999, &error));
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_NOT_FOUND);
}

/* The lead's feed goes: its follower leads the event, counts follow. */
static void
test_lead_gone (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 ar = id_of (f, "ar-deal");

  g_assert_true (dossier_store_remove_feed (f->store, f->en, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM articles"), ==, 1);
  g_assert_cmpint (event_of (f, "ar-deal"), ==, ar);
  assert_consistent (f);
  g_assert_cmpint (sql_int (f, "SELECT events FROM tags WHERE slug = 'nvidia-h20'"), ==, 1);
}

/* The deal reported again once the English report is gone: it joins the
 * Arabic one, which leads the event now. */
static void
assert_deal_joins_arabic (Fixture *f)
{
  gint64 ar = id_of (f, "ar-deal");

  merge (f, f->other, "en",
         item ("other-deal", "Nvidia, AMD agree to pay 15% of China revenue to US",
               "Nvidia and AMD will hand the US government 15% of their H20 and MI308 revenue in China.",
               T0 + 5 * HOUR),
         NULL);
  g_assert_cmpint (event_of (f, "other-deal"), ==, ar);
  assert_consistent (f);
}

/* The same news after its first report's feed is gone joins the report
 * that is left, not the lead that went: the connection's grouper, which
 * held the removed stories, knows that they went. */
static void
test_lead_gone_then_more (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dossier_store_remove_feed (f->store, f->en, &error));
  g_assert_no_error (error);
  assert_deal_joins_arabic (f);
}

/* The same when the first report is deleted as too old for its feed
 * (the refresh purges after it stores, on the connection whose grouper
 * holds the purged stories). */
static void
test_lead_purged_then_more (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dossier_store_set_feed_options (f->store, f->en, 0, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dossier_store_purge (f->store, T0 + 26 * HOUR, 0, &error), ==, 2);
  g_assert_no_error (error);
  assert_deal_joins_arabic (f);
}

/* A story written in a savepoint that is rolled back is not grouped
 * when the transaction commits: the next report of its news starts an
 * event of its own rather than join whatever story took the id that the
 * one rolled back had. */
static void
test_savepoint_rolled_back (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dossier_store_begin (f->store, &error));
  g_assert_true (dossier_store_begin (f->store, &error));
  merge (f, f->other, "en",
         item ("gone", "Huawei unveils Ascend 950 AI chip roadmap",
               "Huawei set out three years of Ascend AI chips, starting with the Ascend 950 next year.",
               T0 + 6 * HOUR),
         NULL);
  dossier_store_rollback (f->store);
  g_assert_true (dossier_store_commit (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM articles WHERE guid = 'gone'"), ==, 0);

  /* Another story takes the id that the one rolled back had. */
  merge (f, f->other, "en",
         item ("weather", "Storms expected across the region on Tuesday",
               "Forecasters expect heavy rain and strong winds through Tuesday evening.",
               T0 + 6 * HOUR),
         NULL);
  merge (f, f->en, "en",
         item ("kept", "Huawei unveils Ascend 950 AI chip roadmap",
               "Huawei set out three years of Ascend AI chips, starting with the Ascend 950 next year.",
               T0 + 7 * HOUR),
         NULL);
  g_assert_cmpint (event_of (f, "kept"), ==, id_of (f, "kept"));
  assert_consistent (f);
}

/* A database from before events: every story waits, and is grouped in
 * batches that can stop and go on. */
static gboolean
stop_at_once (guint64 done, guint64 total, gpointer user_data)
{
  *(guint64 *) user_data = done;
  return FALSE;
}

static void
test_upgrade (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  guint64 pending = 0, done = 0;

  g_assert_cmpint (sqlite3_exec (dossier_store_get_db (f->store),
    "UPDATE articles SET event_id = NULL; DELETE FROM event_links;"
    " UPDATE event_state SET value = 0 WHERE key = 'grouped_upto';", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (dossier_store_events_pending (f->store, &pending, &error));
  g_assert_cmpuint (pending, ==, 3);
  g_assert_cmpint (event_of (f, "ar-deal"), ==, id_of (f, "ar-deal"));
  /* A new story waits behind them rather than jump the queue. */
  merge (f, f->other, "en",
         item ("late", "Nvidia and AMD agree to pay 15% of China chip revenue to Washington",
               "The chipmakers will hand the US government 15% of H20 and MI308 revenue.", T0 + 5 * HOUR),
         NULL);
  g_assert_true (dossier_store_events_pending (f->store, &pending, &error));
  g_assert_cmpuint (pending, ==, 4);

  g_assert_true (dossier_store_group_events (f->store, stop_at_once, &done, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (done, ==, 4);
  g_assert_true (dossier_store_events_pending (f->store, &pending, &error));
  g_assert_cmpuint (pending, ==, 0);
  g_assert_cmpint (event_of (f, "ar-deal"), ==, id_of (f, "en-deal"));
  g_assert_cmpint (event_of (f, "late"), ==, id_of (f, "en-deal"));
  assert_consistent (f);
}


/* A long backlog goes in short transactions (another connection's
 * writes wait for one batch, not for the whole run): the first batch is
 * a hundred stories, and a run stopped after it leaves the rest waiting
 * for the next. */
static void
test_upgrade_batches (Fixture *f, gconstpointer data)
{
  g_autoptr(DossierParsedFeed) feed = dossier_parsed_feed_new ();
  g_autoptr(GError) error = NULL;
  guint64 pending = 0, done = 0;

  feed->format = DOSSIER_FEED_FORMAT_RSS20;
  feed->language = g_strdup ("en");
  for (guint i = 0; i < 250; i++)
    {
      g_autofree char *guid = g_strdup_printf ("note-%u", i);
      g_autofree char *title = g_strdup_printf ("Market note %u on chip shares", i);

      g_ptr_array_add (feed->items, item (guid, title, "Chip shares moved.", T0 - 240 * HOUR - (gint64) i * HOUR));
    }
  g_assert_true (dossier_store_merge_feed (f->store, f->other, feed, T0, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (dossier_store_get_db (f->store),
    "UPDATE articles SET event_id = NULL; DELETE FROM event_links;"
    " UPDATE event_state SET value = 0 WHERE key = 'grouped_upto';", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (dossier_store_events_pending (f->store, &pending, &error));
  g_assert_cmpuint (pending, ==, 253);

  g_assert_true (dossier_store_group_events (f->store, stop_at_once, &done, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (done, ==, 100);
  g_assert_true (dossier_store_events_pending (f->store, &pending, &error));
  g_assert_cmpuint (pending, ==, 153);

  g_assert_true (dossier_store_group_events (f->store, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (dossier_store_events_pending (f->store, &pending, &error));
  g_assert_cmpuint (pending, ==, 0);
  g_assert_cmpint (event_of (f, "ar-deal"), ==, id_of (f, "en-deal"));
  assert_consistent (f);
}

typedef struct {
  Fixture *f;
  gint64   feed;
  guint    calls;
} RemoveAtFirst;

/* Removes a feed whose stories wait after the first transaction. */
static gboolean
remove_at_first (guint64 done, guint64 total, gpointer user_data)
{
  RemoveAtFirst *remove = user_data;
  g_autoptr(GError) error = NULL;

  if (remove->calls++ == 0)
    {
      g_assert_true (dossier_store_remove_feed (remove->f->store, remove->feed, &error));
      g_assert_no_error (error);
    }
  return TRUE;
}

/* Stories are read ahead of their grouping (on a connection of their
 * own): those removed meanwhile are left out, not grouped as if they
 * were there. */
static void
test_upgrade_removed (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  RemoveAtFirst remove = { f, add_feed (f, "https://late.example/feed", "en"), 0 };
  guint64 pending = 0;

  for (guint n = 0; n < 2; n++)
    {
      g_autoptr(DossierParsedFeed) feed = dossier_parsed_feed_new ();

      feed->format = DOSSIER_FEED_FORMAT_RSS20;
      feed->language = g_strdup ("en");
      for (guint i = 0; i < 300; i++)
        {
          g_autofree char *guid = g_strdup_printf ("note-%u-%u", n, i);
          g_autofree char *title = g_strdup_printf ("Market note %u on chip shares, part %u", i, n);

          g_ptr_array_add (feed->items, item (guid, title, "Chip shares moved again today.",
                                              T0 - 400 * HOUR + (gint64) i * HOUR + n * 1800));
        }
      g_assert_true (dossier_store_merge_feed (f->store, n == 0 ? f->other : remove.feed, feed, T0, NULL, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpint (sqlite3_exec (dossier_store_get_db (f->store),
    "UPDATE articles SET event_id = NULL; DELETE FROM event_links;"
    " UPDATE event_state SET value = 0 WHERE key = 'grouped_upto';", NULL, NULL, NULL), ==, SQLITE_OK);

  g_assert_true (dossier_store_group_events (f->store, remove_at_first, &remove, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (remove.calls, >, 1);
  g_assert_true (dossier_store_events_pending (f->store, &pending, &error));
  g_assert_cmpuint (pending, ==, 0);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM articles"), ==, 303);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM event_links l WHERE NOT EXISTS"
                               " (SELECT 1 FROM articles a WHERE a.id = l.article_id)"), ==, 0);
  assert_consistent (f);
}

/* The window's first stories, as a new user's feeds bring them: three
 * stories of one morning whose names are the week's usual ones (Huawei,
 * DeepSeek, Nvidia) are three events, not one. */
static void
test_usual_names (Fixture *f, gconstpointer data)
{
  gint64 now = T0 + 24 * HOUR;

  merge (f, f->en, "en",
         item ("e1", "Chip curbs: Nvidia, AMD, Huawei, Alibaba and DeepSeek react",
               "Nvidia and AMD said the H20 and MI308 would ship again. Huawei, Alibaba, Tencent and DeepSeek "
               "answered with their own chips and models.", now - 1 * HOUR),
         item ("e2", "Huawei readies Ascend chips for DeepSeek models",
               "Huawei said its Ascend processors will run DeepSeek's open-source models.", now - 5 * HOUR),
         item ("e3", "CAC summons Nvidia over H20 security risks",
               "The Cyberspace Administration of China asked about backdoors.", now - 26 * HOUR),
         item ("e4", "EU weighs AI Act code of practice",
               "The European Commission published a draft code of practice.", now - 72 * HOUR),
         NULL);
  merge (f, f->ar, "ar",
         item ("a1", "Nvidia تعود إلى السوق الصينية بعد أشهر من الحظر",
               "Nvidia قالت إنها ستبيع رقائق H20 في الصين مجدداً بعد موافقة واشنطن على تراخيص التصدير. "
               "وقالت هواوي إن رقائق أسند ستتوفر للشركات الصينية.", now - 3 * HOUR),
         item ("a2", "ديب سيك تنشر نموذجاً مفتوح المصدر",
               "نشرت ديب سيك أوزان النموذج مفتوحة المصدر.", now - 29 * HOUR),
         NULL);
  g_assert_cmpint (event_of (f, "e2"), !=, event_of (f, "e1"));
  g_assert_cmpint (event_of (f, "e2"), !=, event_of (f, "a1"));
  g_assert_cmpint (event_of (f, "e3"), !=, event_of (f, "e1"));
  assert_consistent (f);
}


/* ---- Any order ------------------------------------------------------------ */

typedef struct {
  char   *guid;
  char   *outlet;
  char   *lang;
  char   *title;
  char   *text;
  char   *url;
  gint64  published;
} Report;

static void
report_free (Report *r)
{
  g_free (r->guid);
  g_free (r->outlet);
  g_free (r->lang);
  g_free (r->title);
  g_free (r->text);
  g_free (r->url);
  g_free (r);
}

/* The labelled set of real news (bench-events'), as reports of outlets;
 * those of @since .. @until (seconds since the epoch) only. */
static GPtrArray *
read_reports (gint64 since,
              gint64 until)
{
  g_autofree char *path = test_source_path ("fixtures", "events", "labelled.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GPtrArray *reports = g_ptr_array_new_with_free_func ((GDestroyNotify) report_free);
  JsonArray *stories;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  stories = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "stories");
  for (guint i = 0; i < json_array_get_length (stories); i++)
    {
      JsonObject *o = json_array_get_object_element (stories, i);
      Report *r = g_new0 (Report, 1);
      g_autoptr(GDateTime) date = g_date_time_new_from_iso8601 (json_object_get_string_member (o, "published"), NULL);

      r->guid = g_strdup (json_object_get_string_member (o, "id"));
      r->outlet = g_strdup (json_object_get_string_member (o, "outlet"));
      r->lang = g_strdup (json_object_get_string_member (o, "lang"));
      r->title = g_strdup (json_object_get_string_member (o, "title"));
      r->text = g_strdup (json_object_get_string_member (o, "text"));
      r->url = g_strdup (json_object_get_string_member (o, "url"));
      r->published = g_date_time_to_unix (date);
      if (r->published < since || r->published > until)
        {
          report_free (r);
          continue;
        }
      g_ptr_array_add (reports, r);
    }
  return reports;
}

typedef enum {
  WHYS_NONE,
  WHYS_ALL,       /* each story's why as stored */
  WHYS_MATCHED,   /* the rule, the report it follows, whether it names evidence */
} Whys;

/* Refreshes @reports into a new database in @order (indices into it),
 * @batch reports of a feed a refresh, and says which reports ended in one
 * event: each report's guid and its event's first guid, one a line; with
 * @whys, why each follows too. @prepared: each feed worked out first, the
 * tags and what the grouper reads of each story (as a refresh's workers
 * do), rather than by the store as it merges. @reopen: the store is
 * closed and opened again after every @reopen refreshes (0: never), as
 * an application that quits and starts again. */
static char *
grouped_in_order_with (GPtrArray   *reports,
                       const guint *order,
                       guint        batch,
                       gboolean     prepared,
                       Whys         whys,
                       guint        reopen)
{
  g_autofree char *dir = test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "dossier.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = dossier_store_open (path, &error);
  g_autoptr(GHashTable) feeds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) first = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GString) out = g_string_new (NULL);
  gint64 now = G_GINT64_CONSTANT (1767225600);   /* 2026-01-01 */
  sqlite3_stmt *stmt = NULL;
  guint i = 0, refreshes = 0;

  g_assert_no_error (error);
  while (i < reports->len)
    {
      Report *r = g_ptr_array_index (reports, order[i]);
      g_autoptr(DossierParsedFeed) feed = dossier_parsed_feed_new ();
      gint64 feed_id = GPOINTER_TO_SIZE (g_hash_table_lookup (feeds, r->outlet));

      if (feed_id == 0)
        {
          g_autofree char *url = g_strdup_printf ("https://feeds.example/%u", g_hash_table_size (feeds) + 1);

          feed_id = dossier_store_add_feed (store, url, NULL, NULL, &error);
          g_assert_no_error (error);
          g_hash_table_insert (feeds, g_strdup (r->outlet), GSIZE_TO_POINTER (feed_id));
        }
      feed->format = DOSSIER_FEED_FORMAT_RSS20;
      feed->title = g_strdup (r->outlet);
      feed->language = g_strdup (r->lang);
      /* This report and the next ones of the same outlet, up to @batch. */
      for (guint n = 0; n < batch && i < reports->len; n++, i++)
        {
          Report *next = g_ptr_array_index (reports, order[i]);
          DossierParsedItem *it;

          if (!g_str_equal (next->outlet, r->outlet))
            break;
          it = dossier_parsed_item_new ();
          it->guid = g_strdup (next->guid);
          it->title = g_strdup (next->title);
          it->link = g_strdup (next->url);
          it->summary = g_strdup (next->text);
          it->published = next->published;
          g_ptr_array_add (feed->items, it);
        }
      if (prepared)
        {
          DossierTagger *tagger;
          g_autoptr(DossierTagResult) result = NULL;
          g_autoptr(DossierPreparedFeed) ready = NULL;

          g_assert_true (dossier_store_ensure_tagger (store, &error));
          tagger = dossier_store_get_tagger (store);
          result = dossier_tag_result_new (tagger);
          ready = dossier_prepared_feed_new (feed, tagger, result);
          for (guint k = 0; k < ready->n_items; k++)
            g_assert_nonnull (ready->items[k].group);
          g_assert_true (dossier_store_begin (store, &error));
          g_assert_true (dossier_store_merge_prepared (store, feed_id, feed, ready, now, NULL, &error));
          g_assert_true (dossier_store_commit (store, &error));
        }
      else
        g_assert_true (dossier_store_merge_feed (store, feed_id, feed, now, NULL, &error));
      g_assert_no_error (error);
      if (reopen > 0 && ++refreshes % reopen == 0)
        {
          g_clear_pointer (&store, dossier_store_close);
          store = dossier_store_open (path, &error);
          g_assert_no_error (error);
        }
    }

  /* However the reports came (stories grouped again when a feed brings
   * older ones than some grouped), each why is of the story's own event,
   * every story that follows another says why, and a why by text or by
   * evidence names what the two share: the why of a story grouped again
   * is the one its place now has. */
  assert_store_consistent (store);
  g_assert_cmpint (sql_count (store, "SELECT count(*) FROM event_links l JOIN articles a ON a.id = l.article_id"
                                     " JOIN articles m ON m.id = l.matched_id"
                                     " WHERE COALESCE (a.event_id, a.id) != COALESCE (m.event_id, m.id)"), ==, 0);
  g_assert_cmpint (sql_count (store, "SELECT count(*) FROM articles a WHERE a.event_id IS NOT NULL"
                                     " AND NOT EXISTS (SELECT 1 FROM event_links WHERE article_id = a.id)"), ==, 0);
  g_assert_cmpint (sql_count (store, "SELECT count(*) FROM event_links"
                                     " WHERE (why LIKE 'text;%' OR why LIKE 'evidence;%') AND why LIKE '%;'"), ==, 0);

  /* Each event by its first report's guid, whatever ids arrival gave. */
  g_assert_cmpint (sqlite3_prepare_v2 (dossier_store_get_db (store),
                                       "SELECT a.guid, COALESCE (a.event_id, a.id), l.why, m.guid FROM articles a"
                                       " LEFT JOIN event_links l ON l.article_id = a.id"
                                       " LEFT JOIN articles m ON m.id = l.matched_id ORDER BY a.guid",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 lead = sqlite3_column_int64 (stmt, 1);

      if (!g_hash_table_contains (first, &lead))
        g_hash_table_insert (first, g_memdup2 (&lead, sizeof lead),
                             g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
    }
  sqlite3_reset (stmt);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 lead = sqlite3_column_int64 (stmt, 1);

      g_string_append_printf (out, "%s %s", sqlite3_column_text (stmt, 0),
                              (const char *) g_hash_table_lookup (first, &lead));
      if (whys == WHYS_ALL && sqlite3_column_type (stmt, 2) != SQLITE_NULL)
        g_string_append_printf (out, " %s", sqlite3_column_text (stmt, 2));
      else if (whys == WHYS_MATCHED && sqlite3_column_type (stmt, 2) != SQLITE_NULL)
        {
          const char *why = (const char *) sqlite3_column_text (stmt, 2);
          const char *items = strrchr (why, ';');

          g_string_append_printf (out, " %.*s %s %s", (int) strcspn (why, ";"), why,
                                  (const char *) sqlite3_column_text (stmt, 3),
                                  items != NULL && items[1] != '\0' ? "evidence" : "no-evidence");
        }
      g_string_append_c (out, '\n');
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (g_hash_table_size (feeds), >, 10);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
grouped_in_order (GPtrArray   *reports,
                  const guint *order,
                  guint        batch)
{
  return grouped_in_order_with (reports, order, batch, FALSE, WHYS_NONE, 0);
}

static int
by_published (gconstpointer a, gconstpointer b, gpointer user_data)
{
  GPtrArray *reports = user_data;
  const Report *x = g_ptr_array_index (reports, *(const guint *) a);
  const Report *y = g_ptr_array_index (reports, *(const guint *) b);

  return x->published < y->published ? -1 : x->published > y->published;
}

/* The same reports refreshed in other orders (each outlet's feed in one
 * refresh, the feeds the other way round, newest first one by one, and
 * shuffled) make the same events. */
static void
test_any_order (gconstpointer data)
{
  const gint64 *span = data;
  g_autoptr(GPtrArray) reports = read_reports (span[0], span[1]);
  guint n = reports->len;
  g_autofree guint *order = g_new (guint, n);
  g_autofree char *dated = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (23);

  /* Oldest first, one by one: as a reader that was always running. */
  for (guint i = 0; i < n; i++)
    order[i] = i;
  g_qsort_with_data (order, n, sizeof (guint), by_published, reports);
  dated = grouped_in_order (reports, order, 1);

  for (int round = 0; round < 4; round++)
    {
      g_autofree char *other = NULL;
      guint batch = 1;

      for (guint i = 0; i < n; i++)
        order[i] = i;
      switch (round)
        {
        case 0:   /* the file's order: outlets' feeds in turn, whole */
          batch = G_MAXUINT;
          break;
        case 1:   /* the other way round */
          for (guint i = 0; i < n; i++)
            order[i] = n - 1 - i;
          batch = G_MAXUINT;
          break;
        case 2:   /* newest first, one by one */
          g_qsort_with_data (order, n, sizeof (guint), by_published, reports);
          for (guint i = 0; i < n / 2; i++)
            {
              guint t = order[i];

              order[i] = order[n - 1 - i];
              order[n - 1 - i] = t;
            }
          break;
        default:  /* shuffled, a few at a time */
          for (guint i = n - 1; i > 0; i--)
            {
              guint j = g_rand_int_range (rand, 0, i + 1), t = order[i];

              order[i] = order[j];
              order[j] = t;
            }
          batch = 3;
          break;
        }
      other = grouped_in_order (reports, order, batch);
      if (g_strcmp0 (other, dated) != 0)
        {
          g_auto(GStrv) a = g_strsplit (dated, "\n", -1);
          g_auto(GStrv) b = g_strsplit (other, "\n", -1);

          for (guint i = 0; a[i] != NULL && b[i] != NULL; i++)
            if (!g_str_equal (a[i], b[i]))
              g_test_message ("order %d: %s (by date) / %s", round, a[i], b[i]);
        }
      g_assert_cmpstr (other, ==, dated);
    }
}

/* Stories worked out by a refresh's workers (their tags and what the
 * grouper reads of them, in another thread) make the same events, for the
 * same reasons, as stories the store reads as it merges them. */
static void
test_prepared (gconstpointer data)
{
  const gint64 *span = data;
  g_autoptr(GPtrArray) reports = read_reports (span[0], span[1]);
  guint n = reports->len;
  g_autofree guint *order = g_new (guint, n);
  g_autofree char *merged = NULL;
  g_autofree char *prepared = NULL;

  for (guint i = 0; i < n; i++)
    order[i] = i;
  merged = grouped_in_order_with (reports, order, G_MAXUINT, FALSE, WHYS_ALL, 0);
  prepared = grouped_in_order_with (reports, order, G_MAXUINT, TRUE, WHYS_ALL, 0);
  g_assert_cmpstr (prepared, ==, merged);
  /* Some follow, for reasons: the comparison compares events. */
  g_assert_nonnull (strstr (merged, " evidence;"));
  g_assert_nonnull (strstr (merged, " text;"));
}

/* Two databases fed the same reports in the order of their dates, one
 * refresh each, hold the same events for the same reasons whether the
 * application quit and started again between refreshes or not: what a
 * name is worth is counted over the newest events stored, which a store
 * opened anew reads again, not over what a store saw since it opened. */
static void
test_restarts (gconstpointer data)
{
  const gint64 *span = data;
  g_autoptr(GPtrArray) reports = read_reports (span[0], span[1]);
  guint n = reports->len;
  g_autofree guint *order = g_new (guint, n);
  g_autofree char *open_throughout = NULL;
  g_autofree char *restarted = NULL;

  for (guint i = 0; i < n; i++)
    order[i] = i;
  g_qsort_with_data (order, n, sizeof (guint), by_published, reports);
  open_throughout = grouped_in_order_with (reports, order, 1, FALSE, WHYS_ALL, 0);
  restarted = grouped_in_order_with (reports, order, 1, FALSE, WHYS_ALL, (guint) span[2]);
  if (g_strcmp0 (restarted, open_throughout) != 0)
    {
      g_auto(GStrv) a = g_strsplit (open_throughout, "\n", -1);
      g_auto(GStrv) b = g_strsplit (restarted, "\n", -1);

      for (guint i = 0; a[i] != NULL && b[i] != NULL; i++)
        if (!g_str_equal (a[i], b[i]))
          g_test_message ("%s (open throughout) / %s (restarted)", a[i], b[i]);
    }
  g_assert_cmpstr (restarted, ==, open_throughout);
  /* Some follow, for reasons: the comparison compares events. */
  g_assert_nonnull (strstr (open_throughout, " evidence;"));
  g_assert_nonnull (strstr (open_throughout, " text;"));
}

/* Counts the statements that set a stored story's event afterwards. */
static int
on_statement (unsigned  type,
              void     *data,
              void     *p,
              void     *x)
{
  char *sql = sqlite3_expanded_sql (p);

  if (sql != NULL && strstr (sql, "UPDATE articles SET event_id") != NULL)
    (*(guint *) data)++;
  sqlite3_free (sql);
  return 0;
}

/* A refresh's new stories go into the articles with their event: no
 * story is updated afterwards, the stored lead's event takes in the
 * copies of another feed, and why each follows is written down. */
static void
test_inserted_with_event (Fixture *f, gconstpointer data)
{
  guint updates = 0;
  gint64 deal = id_of (f, "en-deal");

  sqlite3_trace_v2 (dossier_store_get_db (f->store), SQLITE_TRACE_STMT, on_statement, &updates);
  /* Copies of the deal and of the Texas story from a third feed, one batch. */
  merge (f, f->other, "en",
         item ("other-deal", "Nvidia, AMD to pay US 15% of China chip sales",
               "Nvidia and AMD agreed to hand the US government 15% of their H20 and MI308 revenue in China.",
               T0 + 4 * HOUR),
         item ("other-texas", "Nvidia to build AI supercomputers in Texas",
               "Nvidia will build AI servers in Texas and Arizona with Foxconn and Wistron.",
               T0 + 5 * HOUR),
         item ("other-texas-2", "Nvidia to build AI supercomputers in Texas",
               "Nvidia is to make its AI supercomputers in Texas, with Foxconn and Wistron.",
               T0 + 6 * HOUR),
         NULL);
  sqlite3_trace_v2 (dossier_store_get_db (f->store), 0, NULL, NULL);

  g_assert_cmpuint (updates, ==, 0);
  g_assert_cmpint (event_of (f, "other-deal"), ==, deal);
  g_assert_cmpint (event_of (f, "other-texas"), ==, id_of (f, "en-texas"));
  g_assert_cmpint (event_of (f, "other-texas-2"), ==, id_of (f, "en-texas"));
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM event_links k JOIN articles a ON a.id = k.article_id"
                               " WHERE a.guid LIKE 'other-%'"), ==, 3);
  /* Still two events that name Nvidia, in six stories. */
  g_assert_cmpint (sql_int (f, "SELECT events FROM tags WHERE slug = 'nvidia'"), ==, 2);
  g_assert_cmpint (sql_int (f, "SELECT mentions FROM tags WHERE slug = 'nvidia'"), ==, 6);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM temp.staged_events"), ==, 0);
  assert_consistent (f);
}

/* A late feed's older report makes the refresh group the stories after
 * it again; the user's "Same Event As…" among them stands, though the
 * event it joins is now led by the report still being stored. */
static void
test_correction_with_staged_lead (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 resume, cloud;

  merge (f, f->en, "en",
         item ("en-resume", "Nvidia to resume H20 chip sales to China",
               "Nvidia will resume sales of its H20 chips to China after Washington assured it of licences.",
               T0 + 10 * HOUR),
         item ("en-cloud", "Regulators weigh new rules for cloud providers",
               "Officials are drafting rules for data centres and cloud contracts, people familiar said.",
               T0 + 11 * HOUR),
         NULL);
  resume = id_of (f, "en-resume");
  cloud = id_of (f, "en-cloud");
  g_assert_true (dossier_store_event_join (f->store, cloud, resume, &error));
  g_assert_no_error (error);
  g_assert_cmpint (event_of (f, "en-cloud"), ==, resume);

  /* The same news, an hour earlier, from a feed refreshed later. */
  merge (f, f->other, "en",
         item ("other-resume", "Nvidia to resume H20 chip sales to China",
               "Nvidia said it will resume sales of its H20 chips to China after Washington assured it of licences.",
               T0 + 9 * HOUR),
         NULL);
  g_assert_cmpint (event_of (f, "other-resume"), ==, event_of (f, "en-resume"));
  g_assert_cmpint (event_of (f, "en-cloud"), ==, event_of (f, "en-resume"));
  assert_consistent (f);
}

/* The most steps any statement that places stories again took. */
static int
on_profile (unsigned  type,
            void     *data,
            void     *p,
            void     *x)
{
  const char *sql = sqlite3_sql (p);

  if (sql != NULL && (strstr (sql, "temp.event_placed p") != NULL || strstr (sql, "INTO temp.event_regroup") != NULL))
    {
      int *most = data;

      *most = MAX (*most, sqlite3_stmt_status (p, SQLITE_STMTSTATUS_VM_STEP, FALSE));
    }
  return 0;
}

/* A late feed's story among many stored ones: the stories grouped again
 * and the rows written are found by their indexes, not by reading every
 * story stored (SQLite's steps do not grow with the database; written as
 * UPDATE ... FROM and COALESCE (event_id, id) IN ..., each batch of a
 * million stories read them all). */
static void
test_regroup_reads_its_days (Fixture *f, gconstpointer data)
{
  g_autoptr(DossierParsedFeed) feed = dossier_parsed_feed_new ();
  g_autoptr(GError) error = NULL;
  const guint n = 400;
  int most = 0;

  feed->format = DOSSIER_FEED_FORMAT_RSS20;
  feed->language = g_strdup ("en");
  /* One feed's numbered series: each note an event of its own. */
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *guid = g_strdup_printf ("note-%u", i);
      g_autofree char *title = g_strdup_printf ("Market note %u on chip shares", i);

      g_ptr_array_add (feed->items, item (guid, title, "Chip shares moved.", T0 + 48 * HOUR + (gint64) i * 6 * HOUR));
    }
  g_assert_true (dossier_store_merge_feed (f->store, f->en, feed, T0 + 48 * HOUR + n * 6 * HOUR, NULL, &error));
  g_assert_no_error (error);

  /* The last note but one, an hour earlier, from a feed refreshed later:
   * it leads, and the stored note follows it now. */
  sqlite3_trace_v2 (dossier_store_get_db (f->store), SQLITE_TRACE_PROFILE, on_profile, &most);
  merge (f, f->other, "en",
         item ("late-note", "Market note 398 on chip shares", "Chip shares moved.",
               T0 + 48 * HOUR + 398 * 6 * HOUR - HOUR),
         NULL);
  sqlite3_trace_v2 (dossier_store_get_db (f->store), 0, NULL, NULL);

  g_assert_cmpint (event_of (f, "note-398"), ==, id_of (f, "late-note"));
  g_test_message ("most SQLite steps of a statement that places stories again: %d", most);
  g_assert_cmpint (most, >, 0);
  g_assert_cmpint (most, <, (int) n);
  assert_consistent (f);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/events/store/grouped-as-stored", Fixture, NULL, fixture_set_up, test_grouped_as_stored, fixture_tear_down);
  g_test_add ("/events/store/filtered", Fixture, NULL, fixture_set_up, test_filtered, fixture_tear_down);
  g_test_add ("/events/store/corrections", Fixture, NULL, fixture_set_up, test_corrections, fixture_tear_down);
  g_test_add ("/events/store/lead-gone", Fixture, NULL, fixture_set_up, test_lead_gone, fixture_tear_down);
  g_test_add ("/events/store/lead-gone-then-more", Fixture, NULL, fixture_set_up, test_lead_gone_then_more,
              fixture_tear_down);
  g_test_add ("/events/store/lead-purged-then-more", Fixture, NULL, fixture_set_up, test_lead_purged_then_more,
              fixture_tear_down);
  g_test_add ("/events/store/savepoint-rolled-back", Fixture, NULL, fixture_set_up, test_savepoint_rolled_back,
              fixture_tear_down);
  g_test_add ("/events/store/usual-names", Fixture, NULL, fixture_set_up, test_usual_names, fixture_tear_down);
  g_test_add ("/events/store/inserted-with-event", Fixture, NULL, fixture_set_up, test_inserted_with_event,
              fixture_tear_down);
  g_test_add ("/events/store/correction-with-staged-lead", Fixture, NULL, fixture_set_up,
              test_correction_with_staged_lead, fixture_tear_down);
  g_test_add ("/events/store/regroup-reads-its-days", Fixture, NULL, fixture_set_up,
              test_regroup_reads_its_days, fixture_tear_down);
  /* A week of September 2025: three Nvidia stories in 22 reports. */
  static const gint64 week[] = { 1757894400, 1758326400 };
  g_test_add_data_func ("/events/store/any-order/week", week, test_any_order);
  g_test_add_data_func ("/events/store/prepared/week", week, test_prepared);
  /* August 2025 (25 reports), the store opened anew after every third
   * refresh. */
  static const gint64 august[] = { 1754006400, 1756684800, 3 };
  g_test_add_data_func ("/events/store/restarts/august", august, test_restarts);
  g_test_add ("/events/store/upgrade", Fixture, NULL, fixture_set_up, test_upgrade, fixture_tear_down);
  g_test_add ("/events/store/upgrade-batches", Fixture, NULL, fixture_set_up, test_upgrade_batches,
              fixture_tear_down);
  g_test_add ("/events/store/upgrade-removed", Fixture, NULL, fixture_set_up, test_upgrade_removed,
              fixture_tear_down);
  return g_test_run ();
}
