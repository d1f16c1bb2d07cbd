/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dossier-date.h"
#include "dossier-error.h"
#include "dossier-grouper.h"
#include "dossier-i18n.h"
#include "dossier-store-events.h"
#include "dossier-store-private.h"

/* The schema of events, one step of the store's migrations. A story's
 * event is its lead's id in articles.event_id, NULL for a lead (or a
 * story alone), so that one row per event is a partial index away; why a
 * story follows is in event_links; the user's corrections in
 * event_corrections; how far grouping got in event_state. Counts of
 * events per entity and per day sit beside the counts of stories, kept
 * by triggers: a story counts as an event while it leads one. */
const char dossier_store_events_migration[] =
  "ALTER TABLE articles ADD COLUMN event_id INTEGER;"
  "CREATE INDEX articles_event ON articles (event_id) WHERE event_id IS NOT NULL;"
  "CREATE INDEX articles_event_leads ON articles (published DESC, id DESC) WHERE event_id IS NULL;"
  "CREATE TABLE event_links ("
  "  article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,"
  "  matched_id INTEGER,"
  "  why        TEXT NOT NULL"
  ");"
  "CREATE TABLE event_corrections ("
  "  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,"
  "  other_id   INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,"
  "  same       INTEGER NOT NULL,"
  "  created    INTEGER NOT NULL,"
  "  PRIMARY KEY (article_id, other_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX event_corrections_other ON event_corrections (other_id);"
  "CREATE TABLE event_state ("
  "  key   TEXT PRIMARY KEY,"
  "  value INTEGER NOT NULL"
  ");"
  /* Every story stored so far waits for the first grouping. */
  "INSERT INTO event_state (key, value) VALUES ('grouped_upto', 0), ('generation', 0);"
  /* A lead that goes hands its event to the next story. */
  "CREATE TRIGGER articles_event_lead_gone AFTER DELETE ON articles WHEN old.event_id IS NULL BEGIN"
  "  DELETE FROM event_links WHERE article_id = (SELECT min (id) FROM articles WHERE event_id = old.id);"
  "  UPDATE articles SET event_id = (SELECT min (id) FROM articles WHERE event_id = old.id)"
  "    WHERE event_id = old.id AND id != (SELECT min (id) FROM articles WHERE event_id = old.id);"
  "  UPDATE articles SET event_id = NULL WHERE event_id = old.id;"
  "END;"
  "ALTER TABLE tags ADD COLUMN events INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE tag_days ADD COLUMN events INTEGER NOT NULL DEFAULT 0;"
  "UPDATE tags SET events = mentions;"
  "UPDATE tag_days SET events = count;"
  "CREATE TRIGGER article_tags_event_insert AFTER INSERT ON article_tags"
  "  WHEN (SELECT event_id FROM articles WHERE id = new.article_id) IS NULL BEGIN"
  "  UPDATE tags SET events = events + 1 WHERE id = new.tag_id;"
  "  INSERT INTO tag_days (tag_id, day, count, events) VALUES (new.tag_id, new.published / 86400, 0, 1)"
  "    ON CONFLICT (tag_id, day) DO UPDATE SET events = events + 1;"
  "END;"
  "CREATE TRIGGER article_tags_event_delete AFTER DELETE ON article_tags"
  "  WHEN (SELECT event_id FROM articles WHERE id = old.article_id) IS NULL BEGIN"
  "  UPDATE tags SET events = events - 1 WHERE id = old.tag_id;"
  "  UPDATE tag_days SET events = events - 1 WHERE tag_id = old.tag_id AND day = old.published / 86400;"
  "END;"
  /* A follower's tags go while its row still says it follows (a cascade
   * would delete them after the row, when nothing tells). */
  "CREATE TRIGGER articles_event_follower_gone BEFORE DELETE ON articles WHEN old.event_id IS NOT NULL BEGIN"
  "  DELETE FROM article_tags WHERE article_id = old.id;"
  "END;"
  "CREATE TRIGGER articles_event_follows AFTER UPDATE OF event_id ON articles"
  "  WHEN old.event_id IS NULL AND new.event_id IS NOT NULL BEGIN"
  "  UPDATE tags SET events = events - 1 WHERE id IN (SELECT tag_id FROM article_tags WHERE article_id = new.id);"
  "  UPDATE tag_days SET events = events - 1"
  "    WHERE (tag_id, day) IN (SELECT tag_id, published / 86400 FROM article_tags WHERE article_id = new.id);"
  "END;"
  "CREATE TRIGGER articles_event_leads AFTER UPDATE OF event_id ON articles"
  "  WHEN old.event_id IS NOT NULL AND new.event_id IS NULL BEGIN"
  "  UPDATE tags SET events = events + 1 WHERE id IN (SELECT tag_id FROM article_tags WHERE article_id = new.id);"
  "  UPDATE tag_days SET events = events + 1"
  "    WHERE (tag_id, day) IN (SELECT tag_id, published / 86400 FROM article_tags WHERE article_id = new.id);"
  "END;";

#define DAY            (G_GINT64_CONSTANT (86400))
/* The days around a story that the grouper must hold to place it. */
#define WINDOW         (4 * DAY)
/* A grouper that holds more stories than this forgets the oldest days,
 * those more than a day older than it needs (so that it looks through
 * its stories once a day of news at most): 100,000 stories grouped from
 * nothing peak at 100 MB resident. */
#define MAX_HELD_STORIES 50000
/* Stories grouped before that late stories take back at most: this many
 * and twice their number, so that grouping them again costs about a
 * hundredth of a second for a small batch (a feed some hours late after
 * a busy morning: 64 left such feeds' stories out of date order) and a
 * small multiple of grouping them alone for a large one (a feed of old
 * stories joins the events as they stand). */
#define REGROUP_BASE   256
/* Stories grouped per transaction when catching up: as many as take
 * about a quarter of a second, so that another connection's writes (a
 * refresh, while the window groups the backlog) wait little; the first
 * transaction BATCH_MIN. */
#define BATCH_MIN      100
#define BATCH_MAX      5000
#define BATCH_SECONDS  0.25
/* How much of a story's text the grouper reads. */
#define LEAD_CHARS     "600"

typedef struct {
  gint64   id;
  gint64   feed_id;
  gint64   time;
  char    *lang;
  char    *title;
  char    *text;
  char    *link;
  GStrv    entities;
  GStrv    topics;
  GStrv    title_tags;     /* the entities and topics its title names */
  /* What the grouper reads of it, when another thread worked it out from
   * the fields above (then those from lang on may be left out, but the
   * title and link, which order stories of one second). */
  DossierGroupFeatures *features;
  /* A story grouped again (take_back_later ()): where it was, so that
   * only what changes is written; and whether its features came from the
   * grouper that held it, without the texts its why is written from. */
  gboolean regrouped;
  gboolean reused;
  gint64   old_event;      /* its event_id, 0 for NULL */
  gint64   old_matched;    /* its event_links row's, 0 for none */
  char    *old_why;
} Noted;

static void
noted_free (Noted *noted)
{
  if (noted == NULL)
    return;
  g_free (noted->lang);
  g_free (noted->title);
  g_free (noted->text);
  g_free (noted->link);
  g_strfreev (noted->entities);
  g_strfreev (noted->topics);
  g_strfreev (noted->title_tags);
  g_clear_pointer (&noted->features, dossier_group_features_unref);
  g_free (noted->old_why);
  g_free (noted);
}

/* A story from a row whose first columns are id, feed_id, the time, lang,
 * title, text and link, as the grouper's reads (STORY_COLUMNS) select them. */
static Noted *
noted_from_row (sqlite3_stmt *stmt)
{
  Noted *noted = g_new0 (Noted, 1);

  noted->id = sqlite3_column_int64 (stmt, 0);
  noted->feed_id = sqlite3_column_int64 (stmt, 1);
  noted->time = sqlite3_column_int64 (stmt, 2);
  noted->lang = dossier_store_column_dup (stmt, 3);
  noted->title = dossier_store_column_dup (stmt, 4);
  noted->text = dossier_store_column_dup (stmt, 5);
  noted->link = dossier_store_column_dup (stmt, 6);
  return noted;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Noted, noted_free)

void
dossier_event_story_free (DossierEventStory *story)
{
  if (story == NULL)
    return;
  g_free (story->feed_title);
  g_free (story->title);
  g_free (story->link);
  g_free (story->lang);
  g_free (story->why);
  g_free (story);
}

void
dossier_event_free (DossierEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->title);
  g_strfreev (event->languages);
  g_clear_pointer (&event->stories, g_ptr_array_unref);
  g_free (event);
}

const char *
dossier_event_get_title (const DossierEvent *event,
                         const char         *lang)
{
  const char *title = event->title;
  gint64 newest = G_MININT64;

  for (guint i = 0; lang != NULL && i < event->stories->len; i++)
    {
      DossierEventStory *story = g_ptr_array_index (event->stories, i);

      if (story->title != NULL && story->lang != NULL &&
          g_ascii_strncasecmp (story->lang, lang, 2) == 0 && story->published > newest)
        {
          title = story->title;
          newest = story->published;
        }
    }
  return title;
}

static gboolean
step_done (DossierStore  *store,
           sqlite3_stmt  *stmt,
           const char    *what,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dossier_store_set_error (store, what, error);
      return FALSE;
    }
  return TRUE;
}

/* ---- State --------------------------------------------------------------- */

static gboolean
state_get (DossierStore  *store,
           const char    *key,
           gint64        *value,
           GError       **error)
{
  sqlite3_stmt *stmt = dossier_store_prepare (store, "SELECT value FROM event_state WHERE key = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  *value = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
state_set (DossierStore  *store,
           const char    *key,
           gint64         value,
           GError       **error)
{
  sqlite3_stmt *stmt = dossier_store_prepare (store,
    "INSERT INTO event_state (key, value) VALUES (?1, ?2)"
    " ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, value);
  return step_done (store, stmt, _("Cannot group the stories"), error);
}

/* Every grouping write moves the generation on, so that another
 * connection's grouper knows it holds an old picture. */
static gboolean
bump_generation (DossierStore  *store,
                 GError       **error)
{
  gint64 generation;

  if (!state_get (store, "generation", &generation, error) ||
      !state_set (store, "generation", generation + 1, error))
    return FALSE;
  store->grouper_generation = generation + 1;
  return TRUE;
}

/* ---- The grouper of a connection ----------------------------------------- */

static void
dossier_store_free_grouper_keep_noted (DossierStore *store)
{
  g_clear_pointer (&store->grouper, dossier_grouper_free);
  g_clear_pointer (&store->grouper_days, g_hash_table_destroy);
}

void
dossier_store_free_grouper (DossierStore *store)
{
  dossier_store_free_grouper_keep_noted (store);
  g_clear_pointer (&store->grouper_noted, g_ptr_array_unref);
}

gboolean
dossier_store_events_stale (DossierStore  *store,
                            GError       **error)
{
  gint64 generation;

  if (!state_get (store, "generation", &generation, error) ||
      !state_set (store, "generation", generation + 1, error))
    return FALSE;
  dossier_store_free_grouper_keep_noted (store);
  return TRUE;
}

/* The entity and topic slugs of a stored story, and those of its title. */
static gboolean
read_tags (DossierStore  *store,
           Noted         *noted,
           GError       **error)
{
  g_autoptr(GPtrArray) e = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) t = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) in_title = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = dossier_store_prepare (store,
    "SELECT t.slug, t.kind = 'topic', l.title_count > 0 FROM article_tags l JOIN tags t ON t.id = l.tag_id"
    " WHERE l.article_id = ?1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, noted->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (sqlite3_column_int (stmt, 1) ? t : e, dossier_store_column_dup (stmt, 0));
      if (sqlite3_column_int (stmt, 2))
        g_ptr_array_add (in_title, dossier_store_column_dup (stmt, 0));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dossier_store_set_error (store, _("Cannot read the stories"), error);
      return FALSE;
    }
  g_ptr_array_add (e, NULL);
  g_ptr_array_add (t, NULL);
  g_ptr_array_add (in_title, NULL);
  noted->entities = (GStrv) g_ptr_array_free (g_steal_pointer (&e), FALSE);
  noted->topics = (GStrv) g_ptr_array_free (g_steal_pointer (&t), FALSE);
  noted->title_tags = (GStrv) g_ptr_array_free (g_steal_pointer (&in_title), FALSE);
  return TRUE;
}

#define STORY_COLUMNS \
  "a.id, a.feed_id, a.published, COALESCE (a.lang, f.language), a.title," \
  " substr (COALESCE (NULLIF (a.summary, ''), a.content), 1, " LEAD_CHARS "), a.link," \
  " COALESCE (a.event_id, a.id)"
/* The same but the lead (read_lead ()). */
#define STORY_COLUMNS_NO_LEAD \
  "a.id, a.feed_id, a.published, COALESCE (a.lang, f.language), a.title, NULL, a.link," \
  " COALESCE (a.event_id, a.id)"

/* The lead of a story grouped again, read when what the grouper reads of
 * it must be worked out anew: most come back from the grouper that held
 * them, and reading every one's text (its row's overflow pages) was 6% of
 * the writer's grouping in bench-refresh's batches of 800. */
static gboolean
read_lead (DossierStore  *store,
           Noted         *noted,
           GError       **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!noted->regrouped || noted->text != NULL)
    return TRUE;
  stmt = dossier_store_prepare (store,
    "SELECT substr (COALESCE (NULLIF (summary, ''), content), 1, " LEAD_CHARS ") FROM articles WHERE id = ?1",
    error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, noted->id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    noted->text = dossier_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      dossier_store_set_error (store, _("Cannot read the stories"), error);
      return FALSE;
    }
  return TRUE;
}

static DossierGroupStory
story_of (const Noted *noted)
{
  DossierGroupStory story = {
    .id = noted->id,
    .feed_id = noted->feed_id,
    .time = noted->time,
    .lang = noted->lang,
    .title = noted->title,
    .text = noted->text,
    .link = noted->link,
    .entities = (const char * const *) noted->entities,
    .topics = (const char * const *) noted->topics,
    .title_tags = (const char * const *) noted->title_tags,
  };

  return story;
}

/* Hands the grouper the grouped stories dated @lo .. @hi that it does not
 * hold yet (those up to grouped_upto). */
static gboolean
load_days (DossierStore  *store,
           gint64         lo,
           gint64         hi,
           gint64         upto,
           GHashTable    *reuse,
           GError       **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) noted_free);
  g_autoptr(GArray) leads = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  stmt = dossier_store_prepare (store,
    "SELECT " STORY_COLUMNS " FROM articles a JOIN feeds f ON f.id = a.feed_id"
    " WHERE a.published BETWEEN ?1 AND ?2 AND a.id <= ?3"
    " AND a.id NOT IN (SELECT id FROM temp.event_regroup) ORDER BY a.published, a.id", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, lo);
  sqlite3_bind_int64 (stmt, 2, hi);
  sqlite3_bind_int64 (stmt, 3, upto);
  /* Rows first, tags after: one statement at a time on the connection. */
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Noted *noted = noted_from_row (stmt);
      gint64 lead = sqlite3_column_int64 (stmt, 7);

      g_ptr_array_add (rows, noted);
      g_array_append_val (leads, lead);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dossier_store_set_error (store, _("Cannot read the stories"), error);
      return FALSE;
    }
  g_debug ("grouper: %u stories of the days before", rows->len);
  for (guint i = 0; i < rows->len; i++)
    {
      Noted *noted = g_ptr_array_index (rows, i);
      DossierGroupFeatures *features = reuse != NULL ? g_hash_table_lookup (reuse, &noted->id) : NULL;
      DossierGroupStory story;

      /* Held by the grouper this one replaces: not read again. */
      if (features != NULL)
        {
          dossier_grouper_add_known_features (store->grouper, features, noted->id, noted->feed_id, noted->time,
                                              g_array_index (leads, gint64, i));
          continue;
        }
      if (!read_tags (store, noted, error))
        return FALSE;
      story = story_of (noted);
      dossier_grouper_add_known (store->grouper, &story, g_array_index (leads, gint64, i));
    }
  return TRUE;
}

/* A grouper as the database has it now: another connection that grouped
 * or corrected since makes this one start again. */
static gboolean
ensure_grouper (DossierStore  *store,
                GError       **error)
{
  gint64 generation;
  sqlite3_stmt *stmt;
  int rc;

  if (!state_get (store, "generation", &generation, error))
    return FALSE;
  if (store->grouper != NULL && generation == store->grouper_generation)
    return TRUE;

  dossier_store_free_grouper_keep_noted (store);
  /* The stories a late feed's stories make this connection group again. */
  if (!dossier_store_exec (store, "CREATE TEMP TABLE IF NOT EXISTS event_regroup (id INTEGER PRIMARY KEY);"
                                  "CREATE TEMP TABLE IF NOT EXISTS event_placed (id INTEGER PRIMARY KEY, lead INTEGER NOT NULL)",
                           error))
    return FALSE;
  store->grouper = dossier_grouper_new ();
  store->grouper_days = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  store->grouper_generation = generation;
  stmt = dossier_store_prepare (store,
    "SELECT article_id, other_id FROM event_corrections WHERE same = 0", error);
  if (stmt == NULL)
    goto fail;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    dossier_grouper_keep_apart (store->grouper, sqlite3_column_int64 (stmt, 0),
                                sqlite3_column_int64 (stmt, 1));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dossier_store_set_error (store, _("Cannot read the stories"), error);
      goto fail;
    }
  return TRUE;

fail:
  dossier_store_free_grouper_keep_noted (store);
  return FALSE;
}

/* How far back a grouper made anew reads, so that it weighs words and
 * names as one that held the stories since they came: the stories of
 * the events it counts (the newest DOSSIER_GROUPER_COUNTED_EVENTS before
 * @time), whole. An event's id is its first story's, dated at most an
 * event's span after its earliest; the stories from another span before
 * that are those of events that began earlier, which it holds in part
 * and does not count. G_MININT64: every story. */
static gboolean
counted_from (DossierStore  *store,
              gint64         time,
              gint64         upto,
              gint64        *from,
              GError       **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = dossier_store_prepare (store,
    "SELECT published FROM articles WHERE event_id IS NULL AND id <= ?1 AND published <= ?2"
    " ORDER BY published DESC, id DESC LIMIT 1 OFFSET ?3", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, upto);
  sqlite3_bind_int64 (stmt, 2, time);
  sqlite3_bind_int64 (stmt, 3, DOSSIER_GROUPER_COUNTED_EVENTS - 1);
  rc = sqlite3_step (stmt);
  *from = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) - 2 * DOSSIER_GROUPER_EVENT_SPAN - DAY : G_MININT64;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      dossier_store_set_error (store, _("Cannot read the stories"), error);
      return FALSE;
    }
  return TRUE;
}

/* The grouper holds the grouped stories of the days around @time, and a
 * grouper made anew those of the events it counts. */
static gboolean
ensure_days (DossierStore  *store,
             gint64         time,
             gint64         upto,
             GHashTable    *reuse,
             GError       **error)
{
  gint64 first = (time - WINDOW) / DAY, last = (time + WINDOW) / DAY;

  if (g_hash_table_size (store->grouper_days) == 0)
    {
      gint64 from;

      if (!counted_from (store, time, upto, &from, error))
        return FALSE;
      /* In one statement, in the order of their dates. The days are marked
       * as held from the first one read, a year of them at most (a late
       * story's days that are not marked are read again, and the stories
       * held already are not added twice). */
      if (from < first * DAY)
        {
          if (!load_days (store, from == G_MININT64 ? G_MININT64 : from / DAY * DAY, first * DAY - 1,
                          upto, reuse, error))
            return FALSE;
          from = MAX (from, dossier_grouper_get_oldest (store->grouper));
          for (gint64 day = MAX (from / DAY, first - 366); day < first; day++)
            g_hash_table_add (store->grouper_days, g_memdup2 (&day, sizeof day));
        }
    }
  for (gint64 day = first; day <= last; day++)
    {
      gint64 *key;

      if (g_hash_table_contains (store->grouper_days, &day))
        continue;
      if (!load_days (store, day * DAY, day * DAY + DAY - 1, upto, reuse, error))
        return FALSE;
      key = g_memdup2 (&day, sizeof day);
      g_hash_table_add (store->grouper_days, key);
    }
  return TRUE;
}

/* A long run (a database grouped from nothing) goes on in time: the days
 * well behind it are forgotten. */
static void
forget_behind (DossierStore *store,
               gint64        time)
{
  GHashTableIter iter;
  gint64 *day;
  gint64 before = time - WINDOW;
  gint64 counted = dossier_grouper_get_counted_from (store->grouper);

  /* Not the stories of the events it counts, nor of those that began
   * a little before (see counted_from ()); all of them while it counts
   * fewer than it would. */
  if (counted == G_MININT64)
    return;
  before = MIN (before, counted - 2 * DOSSIER_GROUPER_EVENT_SPAN - DAY);
  if (dossier_grouper_get_n_stories (store->grouper) < MAX_HELD_STORIES ||
      dossier_grouper_get_oldest (store->grouper) >= before - DAY)
    return;
  dossier_grouper_forget_before (store->grouper, before);
  g_hash_table_iter_init (&iter, store->grouper_days);
  while (g_hash_table_iter_next (&iter, (gpointer *) &day, NULL))
    if (*day < before / DAY)
      g_hash_table_iter_remove (&iter);
}

/* A story of this transaction's refresh, not in the articles yet. */
static gboolean
is_staged (DossierStore *store,
           gint64        article_id)
{
  return store->staged_next != 0 && article_id >= store->staged_first;
}

/* Writes down that @article_id follows @lead, and why: into its row for
 * a stored story, into temp.staged_events for a staged one, whose row
 * then goes into the articles with its event (dossier_store_flush_staged
 * ()), rather than being updated once there. */
static gboolean
place (DossierStore  *store,
       gint64         article_id,
       gint64         lead,
       gint64         matched,
       const char    *why,
       GError       **error)
{
  sqlite3_stmt *stmt;

  if (is_staged (store, article_id))
    {
      stmt = dossier_store_prepare (store,
        "INSERT OR REPLACE INTO temp.staged_events (article_id, event_id, matched_id, why) VALUES (?1, ?2, ?3, ?4)",
        error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, article_id);
      sqlite3_bind_int64 (stmt, 2, lead);
      sqlite3_bind_int64 (stmt, 3, matched);
      sqlite3_bind_text (stmt, 4, why, -1, SQLITE_TRANSIENT);
      return step_done (store, stmt, _("Cannot group the stories"), error);
    }
  stmt = dossier_store_prepare (store, "UPDATE articles SET event_id = ?1 WHERE id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, lead);
  sqlite3_bind_int64 (stmt, 2, article_id);
  if (!step_done (store, stmt, _("Cannot group the stories"), error))
    return FALSE;
  stmt = dossier_store_prepare (store,
    "INSERT OR REPLACE INTO event_links (article_id, matched_id, why) VALUES (?1, ?2, ?3)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, article_id);
  sqlite3_bind_int64 (stmt, 2, matched);
  sqlite3_bind_text (stmt, 3, why, -1, SQLITE_TRANSIENT);
  return step_done (store, stmt, _("Cannot group the stories"), error);
}

/* Where the stories of a batch went, written down together at its end
 * (flush_placements ()): a statement of sixteen rows costs about what one
 * of one row does. */
typedef struct {
  gint64   article_id;
  gint64   lead;          /* 0: it leads its event (event_id NULL) */
  gint64   matched;
  char    *why;           /* NULL: its event_links row stands, or goes
                           * when @matched is 0 too */
  gboolean event_stands;  /* its event_id is @lead already */
} Placement;

typedef struct {
  GArray     *list;       /* Placement */
  GHashTable *at;         /* gint64 article id -> index + 1 in list */
} Placements;

static void
placement_clear (Placement *placement)
{
  g_free (placement->why);
}

static void
placements_init (Placements *placements)
{
  placements->list = g_array_new (FALSE, FALSE, sizeof (Placement));
  g_array_set_clear_func (placements->list, (GDestroyNotify) placement_clear);
  placements->at = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

static void
placements_clear (Placements *placements)
{
  g_clear_pointer (&placements->at, g_hash_table_unref);
  g_clear_pointer (&placements->list, g_array_unref);
}

/* place () for later: a second placement of one story replaces the first. */
static void
place_later (Placements *placements,
             gint64      article_id,
             gint64      lead,
             gint64      matched,
             const char *why)
{
  guint at = GPOINTER_TO_UINT (g_hash_table_lookup (placements->at, &article_id));
  Placement *placement;

  if (at == 0)
    {
      Placement fresh = { 0 };

      g_array_append_val (placements->list, fresh);
      at = placements->list->len;
      g_hash_table_insert (placements->at, g_memdup2 (&article_id, sizeof article_id), GUINT_TO_POINTER (at));
    }
  placement = &g_array_index (placements->list, Placement, at - 1);
  placement->article_id = article_id;
  placement->lead = lead;
  placement->matched = matched;
  placement->event_stands = FALSE;
  g_free (placement->why);
  placement->why = g_strdup (why);
}

/* The placements that follow @from follow @into from now on. */
static void
placements_merge (Placements *placements,
                  gint64      into,
                  gint64      from)
{
  for (guint i = 0; i < placements->list->len; i++)
    {
      Placement *placement = &g_array_index (placements->list, Placement, i);

      if (placement->lead == from)
        placement->lead = into;
    }
}

#define ROWS_AT_ONCE 16
#define ROWS15(r) r "," r "," r "," r "," r "," r "," r "," r "," r "," r "," r "," r "," r "," r "," r
#define ROWS16(r) ROWS15 (r) "," r

/* Binds @n placements (indices into @list) of @many_sql's rows or one's
 * and steps each statement; @bind binds one placement at a row. */
typedef void (*BindRow) (sqlite3_stmt *stmt, guint row, const Placement *placement);

static gboolean
write_rows (DossierStore       *store,
            const char * const  sql[2],
            GArray             *list,
            GArray             *indices,
            BindRow             bind,
            GError            **error)
{
  for (guint i = 0; i < indices->len; )
    {
      gboolean many = indices->len - i >= ROWS_AT_ONCE;
      guint n = many ? ROWS_AT_ONCE : 1;
      sqlite3_stmt *stmt = dossier_store_prepare (store, sql[many], error);

      if (stmt == NULL)
        return FALSE;
      for (guint r = 0; r < n; r++)
        bind (stmt, r, &g_array_index (list, Placement, g_array_index (indices, guint, i + r)));
      if (!step_done (store, stmt, _("Cannot group the stories"), error))
        return FALSE;
      i += n;
    }
  return TRUE;
}

static void
bind_staged (sqlite3_stmt    *stmt,
             guint            r,
             const Placement *p)
{
  sqlite3_bind_int64 (stmt, 4 * r + 1, p->article_id);
  sqlite3_bind_int64 (stmt, 4 * r + 2, p->lead);
  sqlite3_bind_int64 (stmt, 4 * r + 3, p->matched);
  sqlite3_bind_text (stmt, 4 * r + 4, p->why, -1, SQLITE_STATIC);
}

static void
bind_placed (sqlite3_stmt    *stmt,
             guint            r,
             const Placement *p)
{
  sqlite3_bind_int64 (stmt, 2 * r + 1, p->article_id);
  sqlite3_bind_int64 (stmt, 2 * r + 2, p->lead);
}

static void
bind_link (sqlite3_stmt    *stmt,
           guint            r,
           const Placement *p)
{
  sqlite3_bind_int64 (stmt, 3 * r + 1, p->article_id);
  sqlite3_bind_int64 (stmt, 3 * r + 2, p->matched);
  sqlite3_bind_text (stmt, 3 * r + 3, p->why, -1, SQLITE_STATIC);
}

/* Writes the placements down: the staged stories' into
 * temp.staged_events, the stored stories' events into their rows (through
 * temp.event_placed, in one statement) and their whys into event_links;
 * sixteen rows to a statement while there are as many. A stored story
 * grouped again writes only what changed. */
static gboolean
flush_placements (DossierStore  *store,
                  Placements    *placements,
                  GError       **error)
{
  static const char * const staged_sql[] = {
    "INSERT OR REPLACE INTO temp.staged_events (article_id, event_id, matched_id, why) VALUES (?, ?, ?, ?)",
    "INSERT OR REPLACE INTO temp.staged_events (article_id, event_id, matched_id, why) VALUES "
    ROWS16 ("(?, ?, ?, ?)"),
  };
  static const char * const placed_sql[] = {
    "INSERT OR REPLACE INTO temp.event_placed (id, lead) VALUES (?, ?)",
    "INSERT OR REPLACE INTO temp.event_placed (id, lead) VALUES " ROWS16 ("(?, ?)"),
  };
  static const char * const links_sql[] = {
    "INSERT OR REPLACE INTO event_links (article_id, matched_id, why) VALUES (?, ?, ?)",
    "INSERT OR REPLACE INTO event_links (article_id, matched_id, why) VALUES " ROWS16 ("(?, ?, ?)"),
  };
  GArray *list = placements->list;
  g_autoptr(GArray) staged = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) placed = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) links = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < list->len; i++)
    {
      const Placement *p = &g_array_index (list, Placement, i);

      if (is_staged (store, p->article_id))
        {
          g_array_append_val (staged, i);
          continue;
        }
      if (!p->event_stands)
        g_array_append_val (placed, i);
      if (p->why != NULL)
        g_array_append_val (links, i);
      else if (p->matched == 0)
        {
          /* It leads its event now: no row says why it follows one. */
          sqlite3_stmt *stmt = dossier_store_prepare (store, "DELETE FROM event_links WHERE article_id = ?1",
                                                      error);

          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, p->article_id);
          if (!step_done (store, stmt, _("Cannot group the stories"), error))
            return FALSE;
        }
    }
  if (!write_rows (store, staged_sql, list, staged, bind_staged, error) ||
      !write_rows (store, placed_sql, list, placed, bind_placed, error) ||
      !write_rows (store, links_sql, list, links, bind_link, error))
    return FALSE;
  /* The rows by their ids: written as UPDATE ... FROM, SQLite walked
   * every story of the database (the index of dates) for each batch, and
   * a million stories grouped from nothing cost three times as much a
   * story as 100,000. */
  if (placed->len > 0 &&
      !dossier_store_exec (store,
                           "UPDATE articles SET event_id = (SELECT NULLIF (p.lead, 0) FROM temp.event_placed p"
                           "                                WHERE p.id = articles.id)"
                           " WHERE id IN (SELECT id FROM temp.event_placed);"
                           "DELETE FROM temp.event_placed;", error))
    return FALSE;
  g_array_set_size (list, 0);
  g_hash_table_remove_all (placements->at);
  return TRUE;
}

/* The why of a regrouped story whose features came from the grouper
 * that held it: kept from its row when it follows the same story by the
 * same rule as before (NULL then), else worked out again from its text. */
static gboolean
why_again (DossierStore     *store,
           Noted            *noted,
           DossierGroupWhy  *why,
           gboolean          merged,
           char            **line,
           GError          **error)
{
  g_autoptr(DossierGroupFeatures) features = NULL;
  DossierGroupStory story;

  *line = NULL;
  if (!merged && noted->old_matched != 0 && noted->old_matched == why->matched)
    {
      DossierGroupWhy old = { 0 };
      gboolean same = dossier_group_why_parse (noted->old_why, &old) && old.rule == why->rule;

      dossier_group_why_clear (&old);
      if (same)
        return TRUE;
    }
  /* The grouper kept the texts of its keys (it took the story lately):
   * the why names what the two share already, as a story's first. */
  if (dossier_group_features_has_texts (noted->features))
    {
      *line = dossier_group_why_serialize (why);
      return TRUE;
    }
  if ((noted->entities == NULL && !read_tags (store, noted, error)) || !read_lead (store, noted, error))
    return FALSE;
  story = story_of (noted);
  features = dossier_group_features_new (&story);
  dossier_grouper_explain (store->grouper, features, why);
  *line = dossier_group_why_serialize (why);
  return TRUE;
}

/* Writes down where a story went: its lead, why, and the events it
 * merged into its own; its own placement and those of the leads that
 * follow it now go into @placements. While stories are grouped again
 * (@regrouping), their rows keep their events until the end
 * (settle_regrouped ()). */
static gboolean
record (DossierStore          *store,
        Placements            *placements,
        Noted                 *noted,
        gint64                 lead,
        DossierGroupWhy       *why,
        gboolean               regrouping,
        GError               **error)
{
  gint64 article_id = noted->id;
  g_autofree char *line = NULL;
  gboolean merged = why->merged != NULL && why->merged->len > 0;
  sqlite3_stmt *stmt;

  if (lead == article_id && !merged)
    return TRUE;
  if (noted->reused)
    {
      if (!why_again (store, noted, why, merged, &line, error))
        return FALSE;
    }
  else
    line = dossier_group_why_serialize (why);
  for (guint i = 0; merged && i < why->merged->len; i++)
    {
      gint64 other = g_array_index (why->merged, gint64, i);

      /* Its stories, stored, staged and placed, follow @lead now... */
      stmt = dossier_store_prepare (store,
                                    regrouping ? "UPDATE articles SET event_id = ?1 WHERE event_id = ?2"
                                                 " AND id NOT IN (SELECT id FROM temp.event_regroup)"
                                               : "UPDATE articles SET event_id = ?1 WHERE event_id = ?2",
                                    error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, lead);
      sqlite3_bind_int64 (stmt, 2, other);
      if (!step_done (store, stmt, _("Cannot group the stories"), error))
        return FALSE;
      if (store->staged_next != 0)
        {
          stmt = dossier_store_prepare (store,
            "UPDATE temp.staged_events SET event_id = ?1 WHERE event_id = ?2", error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, lead);
          sqlite3_bind_int64 (stmt, 2, other);
          if (!step_done (store, stmt, _("Cannot group the stories"), error))
            return FALSE;
        }
      placements_merge (placements, lead, other);
      /* ... and the lead that follows says why: the story that bridged them. */
      place_later (placements, other, lead, article_id, line);
    }
  if (lead != article_id)
    place_later (placements, article_id, lead, why->matched, line);
  return TRUE;
}

/* The stories grouped again: each one's event as it ends (events merged
 * as later stories came), written where it differs from the event its
 * row has; one that follows no story now loses its why. */
static void
settle_regrouped (DossierStore *store,
                  Placements   *placements,
                  GPtrArray    *stories)
{
  for (guint i = 0; i < stories->len; i++)
    {
      Noted *noted = g_ptr_array_index (stories, i);
      gint64 lead, event;
      guint at;

      if (!noted->regrouped)
        continue;
      lead = dossier_grouper_get_lead (store->grouper, noted->id);
      event = lead == noted->id ? 0 : lead;
      at = GPOINTER_TO_UINT (g_hash_table_lookup (placements->at, &noted->id));
      if (at == 0)
        {
          if (event == noted->old_event && (event != 0 || noted->old_matched == 0))
            continue;
          /* Its why goes with it when it leads (matched and why 0). */
          place_later (placements, noted->id, event, event != 0 ? noted->old_matched : 0, NULL);
          at = placements->list->len;
        }
      else
        g_array_index (placements->list, Placement, at - 1).lead = event;
      g_array_index (placements->list, Placement, at - 1).event_stands = event == noted->old_event;
    }
}

static int
by_time (gconstpointer a,
         gconstpointer b)
{
  const Noted *x = *(Noted * const *) a, *y = *(Noted * const *) b;

  int c;

  if (x->time != y->time)
    return x->time < y->time ? -1 : 1;
  /* Not by id, which says in what order they came. */
  if ((c = g_strcmp0 (x->link, y->link)) != 0 || (c = g_strcmp0 (x->title, y->title)) != 0)
    return c;
  return x->id < y->id ? -1 : x->id > y->id;
}

static gboolean join_events (DossierStore *store, gint64 article_id, gint64 other_id, GError **error);

/* Reads the stories of temp.event_regroup into @stories, with the
 * events and whys their rows have; their tags when they are needed. */
static gboolean
read_regrouped (DossierStore  *store,
                GPtrArray     *stories,
                GError       **error)
{
  sqlite3_stmt *stmt = dossier_store_prepare (store,
    "SELECT " STORY_COLUMNS_NO_LEAD ", a.event_id, l.matched_id, l.why"
    " FROM articles a JOIN feeds f ON f.id = a.feed_id LEFT JOIN event_links l ON l.article_id = a.id"
    " WHERE a.id IN (SELECT id FROM temp.event_regroup)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Noted *noted = noted_from_row (stmt);

      noted->regrouped = TRUE;
      noted->old_event = sqlite3_column_int64 (stmt, 8);
      noted->old_matched = sqlite3_column_int64 (stmt, 9);
      noted->old_why = dossier_store_column_dup (stmt, 10);
      g_ptr_array_add (stories, noted);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dossier_store_set_error (store, _("Cannot read the stories"), error);
      return FALSE;
    }
  return TRUE;
}

/* The date of the newest story grouped (those up to @grouped_upto),
 * kept in event_state with the grouped_upto it is of: read from the
 * articles only when that is not this one (a database from before it,
 * or grouped_upto set back). Deleted stories may leave it later than
 * it is, which only costs a count. */
static gboolean
newest_grouped (DossierStore  *store,
                gint64         grouped_upto,
                gint64        *newest,
                GError       **error)
{
  gint64 of;
  sqlite3_stmt *stmt;

  *newest = 0;
  if (grouped_upto == 0)
    return TRUE;
  if (!state_get (store, "grouped_newest_of", &of, error) ||
      !state_get (store, "grouped_newest", newest, error))
    return FALSE;
  if (of == grouped_upto)
    return TRUE;
  stmt = dossier_store_prepare (store, "SELECT max (published) FROM articles WHERE id <= ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, grouped_upto);
  *newest = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  return TRUE;
}

/* grouped_upto moves from @grouped_upto to @upto over @stories. */
static gboolean
set_grouped_upto (DossierStore  *store,
                  gint64         grouped_upto,
                  gint64         upto,
                  GPtrArray     *stories,
                  GError       **error)
{
  gint64 newest;

  if (!newest_grouped (store, grouped_upto, &newest, error))
    return FALSE;
  for (guint i = 0; i < stories->len; i++)
    newest = MAX (newest, ((Noted *) g_ptr_array_index (stories, i))->time);
  return state_set (store, "grouped_upto", upto, error) &&
         state_set (store, "grouped_newest", newest, error) &&
         state_set (store, "grouped_newest_of", upto, error);
}

/* A feed refreshed later can bring stories older than some already
 * grouped (the other feeds of those days came first). Grouped in turn,
 * they would make other events than the same stories in the order of
 * their dates: the events of the days from the oldest of them on are
 * taken apart and grouped again with them, oldest first, as if every
 * story had come in that order; when they are few (REGROUP_BASE and
 * twice the new stories at most), else the new ones join the events as
 * they stand. */
static gboolean
take_back_later (DossierStore  *store,
                 GPtrArray     *stories,
                 gint64         grouped_upto,
                 gboolean      *taken,
                 GError       **error)
{
  gint64 since = G_MAXINT64, later = 0, cap = REGROUP_BASE + 2 * (gint64) stories->len, newest;
  sqlite3_stmt *stmt;

  *taken = FALSE;
  for (guint i = 0; i < stories->len; i++)
    since = MIN (since, ((Noted *) g_ptr_array_index (stories, i))->time);
  /* Nothing grouped is dated after them: the common case, and the only
   * one of a backlog grouped in the order of its dates, where counting by
   * the index of dates would read every story not grouped yet, at each of
   * a thousand batches. */
  if (!newest_grouped (store, grouped_upto, &newest, error))
    return FALSE;
  if (newest <= since)
    return TRUE;
  /* How many grouped stories come after them, counted up to the cap. */
  stmt = dossier_store_prepare (store,
    "SELECT count(*) FROM (SELECT 1 FROM articles WHERE published > ?1 AND id <= ?2 LIMIT ?3)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_int64 (stmt, 2, grouped_upto);
  sqlite3_bind_int64 (stmt, 3, cap + 1);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    later = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (later == 0 || later > cap)
    return TRUE;

  /* Whole events: a story of those days may follow an older lead. The
   * leads of those days by the index of dates (+id: not by the range of
   * ids, every story grouped), and their stories by the index of events
   * (COALESCE (event_id, id) IN ... read every story grouped): a late
   * feed's refresh of a database of a million read them all twice. */
  if (!dossier_store_exec (store, "DELETE FROM temp.event_regroup", error))
    return FALSE;
  stmt = dossier_store_prepare (store,
    "WITH leads (lead) AS (SELECT COALESCE (event_id, id) FROM articles WHERE published >= ?1 AND +id <= ?2)"
    " INSERT INTO temp.event_regroup (id)"
    " SELECT id FROM articles WHERE id IN (SELECT lead FROM leads) AND event_id IS NULL AND id <= ?2"
    " UNION SELECT id FROM articles WHERE event_id IN (SELECT lead FROM leads) AND id <= ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_int64 (stmt, 2, grouped_upto);
  /* Their rows keep their events and whys meanwhile: most end where they
   * were, and only those that do not are written (settle_regrouped ()). */
  if (!step_done (store, stmt, _("Cannot group the stories"), error) ||
      !read_regrouped (store, stories, error))
    return FALSE;
  *taken = TRUE;
  return TRUE;
}

/* The user's "Same event as…" among stories grouped again stands. */
static gboolean
rejoin_regrouped (DossierStore  *store,
                  GError       **error)
{
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = dossier_store_prepare (store,
    "SELECT article_id, other_id FROM event_corrections WHERE same = 1 AND"
    " (article_id IN (SELECT id FROM temp.event_regroup) OR other_id IN (SELECT id FROM temp.event_regroup))",
    error);

  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 pair[2] = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1) };

      g_array_append_vals (pairs, pair, 2);
    }
  sqlite3_reset (stmt);
  for (guint i = 0; i + 1 < pairs->len; i += 2)
    if (!join_events (store, g_array_index (pairs, gint64, i), g_array_index (pairs, gint64, i + 1), error))
      return FALSE;
  return dossier_store_exec (store, "DELETE FROM temp.event_regroup", error);
}

/* Groups @stories (all stored after grouped_upto), inside the caller's
 * transaction, and moves grouped_upto to @upto. */
static gboolean
group_stories (DossierStore  *store,
               GPtrArray     *stories,
               gint64         upto,
               GError       **error)
{
  gint64 grouped_upto;
  DossierGroupWhy why = { 0 };
  Placements placements;
  g_autoptr(GHashTable) reuse = NULL;
  gboolean ok = TRUE;
  gboolean taken = FALSE;

  if (!state_get (store, "grouped_upto", &grouped_upto, error))
    return FALSE;
  if (stories->len == 0)
    return set_grouped_upto (store, grouped_upto, upto, stories, error);

  if (
      !ensure_grouper (store, error) ||
      !take_back_later (store, stories, grouped_upto, &taken, error))
    return FALSE;
  /* Grouped again by the grouper that holds them, once they are taken
   * out of it: it keeps the stories of the days before, and what it counts
   * of the words and names of all events is what it was before them, as
   * when they came in the order of their dates (a grouper made anew knew
   * only the days it read, and weighed names otherwise: the same stories
   * in other orders made other events). What it read of them is not read
   * again. */
  if (taken)
    {
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

      reuse = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                     (GDestroyNotify) dossier_group_features_unref);
      for (guint i = 0; i < stories->len; i++)
        if (((Noted *) g_ptr_array_index (stories, i))->regrouped)
          g_array_append_val (ids, ((Noted *) g_ptr_array_index (stories, i))->id);
      dossier_grouper_take_back (store->grouper, (const gint64 *) ids->data, ids->len, reuse);
      for (guint i = 0; i < stories->len; i++)
        {
          Noted *noted = g_ptr_array_index (stories, i);
          DossierGroupFeatures *features;

          if (!noted->regrouped)
            continue;
          features = g_hash_table_lookup (reuse, &noted->id);
          if (features != NULL)
            {
              noted->features = dossier_group_features_ref (features);
              noted->reused = TRUE;
            }
          else if (!read_tags (store, noted, error) || !read_lead (store, noted, error))
            return FALSE;
        }
    }

  g_ptr_array_sort (stories, by_time);
  placements_init (&placements);
  for (guint i = 0; i < stories->len && ok; i++)
    {
      Noted *noted = g_ptr_array_index (stories, i);
      DossierGroupStory story = story_of (noted);
      gint64 lead;

      ok = ensure_days (store, noted->time, grouped_upto, reuse, error);
      if (!ok)
        break;
      if (noted->features != NULL)
        lead = dossier_grouper_add_features (store->grouper, noted->features, noted->id, noted->feed_id,
                                             noted->time, &why);
      else
        lead = dossier_grouper_add (store->grouper, &story, &why);
      ok = record (store, &placements, noted, lead, &why, taken, error);
      /* Not while stories are grouped again: their events are read from
       * the grouper at the end (a bounded number of them). */
      if (!taken)
        forget_behind (store, noted->time);
    }
  dossier_group_why_clear (&why);
  if (ok && taken)
    settle_regrouped (store, &placements, stories);
  ok = ok && flush_placements (store, &placements, error);
  placements_clear (&placements);
  if (ok && taken)
    ok = rejoin_regrouped (store, error);
  if (!ok || !set_grouped_upto (store, grouped_upto, upto, stories, error) || !bump_generation (store, error))
    {
      dossier_store_free_grouper_keep_noted (store);
      return FALSE;
    }
  return TRUE;
}

/* The slugs of the entities and topics of @matches (tags of
 * @catalogue's), and of those its title names; only those the store
 * has when @tag_ids is given. */
static void
slugs_of_matches (DossierCatalogue      *catalogue,
                  const gint64          *tag_ids,
                  const DossierTagMatch *matches,
                  guint                  n_matches,
                  Noted                 *noted)
{
  g_autoptr(GPtrArray) entities = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) topics = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) title_tags = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n_matches; i++)
    {
      const DossierTagMatch *match = &matches[i];
      DossierTagDef *def = dossier_catalogue_get_tag (catalogue, match->tag);

      if (tag_ids != NULL && tag_ids[match->tag] == 0)
        continue;
      g_ptr_array_add (dossier_tag_def_is_topic (def) ? topics : entities, g_strdup (def->slug));
      if (match->title_count > 0)
        g_ptr_array_add (title_tags, g_strdup (def->slug));
    }
  g_ptr_array_add (entities, NULL);
  g_ptr_array_add (topics, NULL);
  g_ptr_array_add (title_tags, NULL);
  noted->title_tags = (GStrv) g_ptr_array_free (g_steal_pointer (&title_tags), FALSE);
  noted->entities = (GStrv) g_ptr_array_free (g_steal_pointer (&entities), FALSE);
  noted->topics = (GStrv) g_ptr_array_free (g_steal_pointer (&topics), FALSE);
}

/* The grouper reads a story's lead only: its first 600 characters, of
 * those whole in its first 4 KB (as g_utf8_strlen () with a limit counts
 * them), found in one walk rather than counted and then copied. */
static char *
lead_of_story (const char *summary,
               const char *content)
{
  const char *text = summary != NULL && summary[0] != '\0' ? summary : content;
  const char *p;
  guint n = 0;

  if (text == NULL)
    return NULL;
  for (p = text; n < 600 && *p != '\0'; n++)
    {
      const char *next = g_utf8_next_char (p);

      if (next - text > 4096)
        break;
      p = next;
    }
  return g_strndup (text, p - text);
}

DossierGroupFeatures *
dossier_store_group_features_new (DossierCatalogue      *catalogue,
                                  const char            *lang,
                                  const char            *title,
                                  const char            *summary,
                                  const char            *content,
                                  const char            *link,
                                  const DossierTagMatch *matches,
                                  guint                  n_matches)
{
  Noted noted = { .lang = (char *) lang, .title = (char *) title, .link = (char *) link };
  g_autofree char *text = lead_of_story (summary, content);
  DossierGroupStory story;
  DossierGroupFeatures *features;

  slugs_of_matches (catalogue, NULL, matches, n_matches, &noted);
  noted.text = text;
  story = story_of (&noted);
  features = dossier_group_features_new (&story);
  g_strfreev (noted.entities);
  g_strfreev (noted.topics);
  g_strfreev (noted.title_tags);
  return features;
}

void
dossier_store_note_new_story (DossierStore          *store,
                              gint64                 article_id,
                              gint64                 feed_id,
                              const char            *lang,
                              gint64                 published,
                              const char            *title,
                              const char            *summary,
                              const char            *content,
                              const char            *link,
                              const DossierTagMatch *matches,
                              guint                  n_matches,
                              DossierGroupFeatures  *features)
{
  DossierCatalogue *catalogue = dossier_tagger_get_catalogue (store->tagger);
  Noted *noted = g_new0 (Noted, 1);
  /* What the tagger found for this story: the worker's matches, or else
   * the store's tagger's last run. */
  guint n = matches != NULL ? n_matches : dossier_tag_result_get_n_matches (store->tag_result);

  noted->id = article_id;
  noted->feed_id = feed_id;
  noted->time = published;
  noted->title = g_strdup (title);
  noted->link = g_strdup (link);
  /* A worker's features were read with every tag it found: the store
   * leaves out those it does not have (none, unless the catalogue and
   * the database disagree). */
  for (guint i = 0; features != NULL && matches != NULL && i < n; i++)
    if (store->tag_ids[matches[i].tag] == 0)
      features = NULL;
  if (features != NULL && matches != NULL)
    noted->features = dossier_group_features_ref (features);
  else
    {
      g_autoptr(GArray) found = g_array_sized_new (FALSE, FALSE, sizeof (DossierTagMatch), n);

      for (guint i = 0; i < n; i++)
        g_array_append_val (found, *(matches != NULL ? &matches[i]
                                                     : dossier_tag_result_get_match (store->tag_result, i)));
      noted->lang = g_strdup (lang);
      noted->text = lead_of_story (summary, content);
      slugs_of_matches (catalogue, store->tag_ids, (const DossierTagMatch *) found->data, n, noted);
    }

  if (store->grouper_noted == NULL)
    store->grouper_noted = g_ptr_array_new_with_free_func ((GDestroyNotify) noted_free);
  g_ptr_array_add (store->grouper_noted, noted);
}

gboolean
dossier_store_group_noted (DossierStore  *store,
                           GError       **error)
{
  g_autoptr(GPtrArray) noted = g_steal_pointer (&store->grouper_noted);
  gint64 grouped_upto, first = G_MAXINT64, last = 0;
  sqlite3_stmt *stmt;
  gboolean backlog;

  if (noted == NULL || noted->len == 0)
    return TRUE;
  if (!state_get (store, "grouped_upto", &grouped_upto, error))
    return FALSE;
  for (guint i = 0; i < noted->len; i++)
    {
      Noted *n = g_ptr_array_index (noted, i);

      first = MIN (first, n->id);
      last = MAX (last, n->id);
    }
  /* Stories before these that wait (a database that is catching up) go
   * first: dossier_store_group_events () takes these too, in turn. */
  stmt = dossier_store_prepare (store, "SELECT EXISTS (SELECT 1 FROM articles WHERE id > ?1 AND id < ?2)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, grouped_upto);
  sqlite3_bind_int64 (stmt, 2, first);
  backlog = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  if (backlog)
    return TRUE;
  return group_stories (store, noted, last, error);
}

gboolean
dossier_store_events_pending (DossierStore  *store,
                              guint64       *pending,
                              GError       **error)
{
  gint64 grouped_upto;
  sqlite3_stmt *stmt;

  if (!state_get (store, "grouped_upto", &grouped_upto, error))
    return FALSE;
  stmt = dossier_store_prepare (store, "SELECT count(*) FROM articles WHERE id > ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, grouped_upto);
  *pending = sqlite3_step (stmt) == SQLITE_ROW ? (guint64) sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  return TRUE;
}

/* ---- Grouping the stories that wait -------------------------------------- */

/* Stories read at a time, and how many such chunks the reader may be
 * ahead of the grouping. */
#define CHUNK        256
#define CHUNKS_AHEAD 8

/* Reads @n stories after @after, oldest id first, with their tags, and
 * works out what the grouper reads of each (keeping only their title and
 * link besides). */
static GPtrArray *
read_chunk (sqlite3  *db,
            gint64    after,
            guint     n,
            GError  **error)
{
  g_autoptr(GPtrArray) chunk = g_ptr_array_new_with_free_func ((GDestroyNotify) noted_free);
  g_autoptr(GPtrArray) entities = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) topics = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) in_title = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;
  guint at = 0;
  int rc;

  if (sqlite3_prepare_v2 (db, "SELECT " STORY_COLUMNS " FROM articles a JOIN feeds f ON f.id = a.feed_id"
                              " WHERE a.id > ?1 ORDER BY a.id LIMIT ?2", -1, &stmt, NULL) != SQLITE_OK)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, after);
  sqlite3_bind_int64 (stmt, 2, n);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (chunk, noted_from_row (stmt));
  sqlite3_finalize (stmt);
  stmt = NULL;
  if (rc != SQLITE_DONE)
    goto fail;
  if (chunk->len == 0)
    return g_steal_pointer (&chunk);

  /* Their tags in one statement, each story's in the order of its own
   * index, as read_tags () reads them. */
  if (sqlite3_prepare_v2 (db,
        "SELECT l.article_id, t.slug, t.kind = 'topic', l.title_count > 0"
        " FROM article_tags l INDEXED BY article_tags_article JOIN tags t ON t.id = l.tag_id"
        " WHERE l.article_id BETWEEN ?1 AND ?2 ORDER BY l.article_id", -1, &stmt, NULL) != SQLITE_OK)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, ((Noted *) g_ptr_array_index (chunk, 0))->id);
  sqlite3_bind_int64 (stmt, 2, ((Noted *) g_ptr_array_index (chunk, chunk->len - 1))->id);
  rc = sqlite3_step (stmt);
  while (at < chunk->len)
    {
      Noted *noted = g_ptr_array_index (chunk, at);
      DossierGroupStory story;

      if (rc == SQLITE_ROW && sqlite3_column_int64 (stmt, 0) == noted->id)
        {
          g_ptr_array_add (sqlite3_column_int (stmt, 2) ? topics : entities, dossier_store_column_dup (stmt, 1));
          if (sqlite3_column_int (stmt, 3))
            g_ptr_array_add (in_title, dossier_store_column_dup (stmt, 1));
          rc = sqlite3_step (stmt);
          continue;
        }
      if (rc == SQLITE_ROW && sqlite3_column_int64 (stmt, 0) < noted->id)
        {
          rc = sqlite3_step (stmt);
          continue;
        }
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        goto fail;
      /* Its tags are read: its features. */
      g_ptr_array_add (entities, NULL);
      g_ptr_array_add (topics, NULL);
      g_ptr_array_add (in_title, NULL);
      noted->entities = (GStrv) entities->pdata;
      noted->topics = (GStrv) topics->pdata;
      noted->title_tags = (GStrv) in_title->pdata;
      story = story_of (noted);
      noted->features = dossier_group_features_new (&story);
      noted->entities = noted->topics = noted->title_tags = NULL;
      g_ptr_array_set_size (entities, 0);
      g_ptr_array_set_size (topics, 0);
      g_ptr_array_set_size (in_title, 0);
      g_clear_pointer (&noted->lang, g_free);
      g_clear_pointer (&noted->text, g_free);
      at++;
    }
  sqlite3_finalize (stmt);
  return g_steal_pointer (&chunk);

fail:
  g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_DATABASE, "%s: %s", _("Cannot read the stories"),
               sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  return NULL;
}

/* Reads the waiting stories ahead of the grouping, in a thread of its own
 * on a read-only connection of its own: reading them and working out
 * their features takes the second core while the first groups them. The
 * stories are there to be read, committed; they change only in their
 * event, which the reader does not read. */
typedef struct {
  sqlite3  *db;
  GThread  *thread;
  GMutex    lock;
  GCond     cond;
  GQueue    chunks;       /* GPtrArray *; an empty one says there are no more */
  gint64    after;        /* the last id read */
  guint     size;         /* of the next chunk */
  gboolean  stop;
  GError   *error;
} Reader;

static gpointer
reader_thread (gpointer data)
{
  Reader *reader = data;

  while (TRUE)
    {
      GPtrArray *chunk;
      GError *local = NULL;
      gboolean last;

      g_mutex_lock (&reader->lock);
      while (!reader->stop && reader->chunks.length >= CHUNKS_AHEAD)
        g_cond_wait (&reader->cond, &reader->lock);
      if (reader->stop)
        {
          g_mutex_unlock (&reader->lock);
          break;
        }
      g_mutex_unlock (&reader->lock);

      chunk = read_chunk (reader->db, reader->after, reader->size, &local);
      reader->size = CHUNK;
      g_mutex_lock (&reader->lock);
      if (chunk == NULL)
        {
          reader->error = local;
          chunk = g_ptr_array_new ();
        }
      else if (chunk->len > 0)
        reader->after = ((Noted *) g_ptr_array_index (chunk, chunk->len - 1))->id;
      /* Read before the chunk is handed over: it is the grouping's then. */
      last = chunk->len == 0;
      g_queue_push_tail (&reader->chunks, chunk);
      g_cond_broadcast (&reader->cond);
      g_mutex_unlock (&reader->lock);
      if (last)
        break;
    }
  return NULL;
}

/* A reader of the stories after @after, in a thread when a second
 * connection can be opened (else the chunks are read as they are asked
 * for, on the store's own). */
static Reader *
reader_new (DossierStore *store,
            gint64        after)
{
  Reader *reader = g_new0 (Reader, 1);
  g_autofree char *escaped = g_uri_escape_string (store->path, "/", FALSE);
  g_autofree char *uri = g_strconcat ("file:", escaped, NULL);

  g_mutex_init (&reader->lock);
  g_cond_init (&reader->cond);
  g_queue_init (&reader->chunks);
  reader->after = after;
  /* The first transaction's chunk (see dossier_store_group_events ()). */
  reader->size = BATCH_MIN;
  if (sqlite3_open_v2 (uri, &reader->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) != SQLITE_OK)
    {
      g_debug ("grouping reads in one thread: %s", reader->db != NULL ? sqlite3_errmsg (reader->db) : "");
      g_clear_pointer (&reader->db, sqlite3_close);
      return reader;
    }
  sqlite3_busy_timeout (reader->db, 10000);
  reader->thread = g_thread_new ("dossier-group-reader", reader_thread, reader);
  return reader;
}

static void
reader_free (Reader *reader)
{
  if (reader->thread != NULL)
    {
      g_mutex_lock (&reader->lock);
      reader->stop = TRUE;
      g_cond_broadcast (&reader->cond);
      g_mutex_unlock (&reader->lock);
      g_thread_join (reader->thread);
    }
  g_queue_clear_full (&reader->chunks, (GDestroyNotify) g_ptr_array_unref);
  g_clear_pointer (&reader->db, sqlite3_close);
  g_clear_error (&reader->error);
  g_mutex_clear (&reader->lock);
  g_cond_clear (&reader->cond);
  g_free (reader);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reader, reader_free)

/* The next chunk of stories: an empty one when there are no more. */
static GPtrArray *
reader_next (Reader        *reader,
             DossierStore  *store,
             GError       **error)
{
  GPtrArray *chunk;

  if (reader->thread == NULL)
    {
      chunk = read_chunk (store->db, reader->after, reader->size, error);
      reader->size = CHUNK;
      if (chunk != NULL && chunk->len > 0)
        reader->after = ((Noted *) g_ptr_array_index (chunk, chunk->len - 1))->id;
      return chunk;
    }
  g_mutex_lock (&reader->lock);
  while (reader->chunks.length == 0)
    g_cond_wait (&reader->cond, &reader->lock);
  chunk = g_queue_pop_head (&reader->chunks);
  if (chunk->len == 0 && reader->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&reader->error));
      g_clear_pointer (&chunk, g_ptr_array_unref);
    }
  g_cond_broadcast (&reader->cond);
  g_mutex_unlock (&reader->lock);
  return chunk;
}

/* Leaves out of @chunk the stories that another connection grouped or
 * removed since they were read; @last is the last id it covers. */
static gboolean
still_waiting (DossierStore  *store,
               GPtrArray     *chunk,
               gint64        *last,
               GError       **error)
{
  g_autoptr(GHashTable) stored = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) ids = NULL;
  gint64 grouped_upto;
  sqlite3_stmt *stmt;
  guint out = 0;

  *last = ((Noted *) g_ptr_array_index (chunk, chunk->len - 1))->id;
  if (!state_get (store, "grouped_upto", &grouped_upto, error))
    return FALSE;
  stmt = dossier_store_prepare (store, "SELECT id FROM articles WHERE id > ?1 AND id <= ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, MAX (grouped_upto, ((Noted *) g_ptr_array_index (chunk, 0))->id - 1));
  sqlite3_bind_int64 (stmt, 2, *last);
  ids = dossier_store_step_ids (store, stmt, _("Cannot read the stories"), error);
  sqlite3_reset (stmt);
  if (ids == NULL)
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    g_hash_table_add (stored, &g_array_index (ids, gint64, i));
  for (guint i = 0; i < chunk->len; i++)
    {
      Noted *noted = g_ptr_array_index (chunk, i);

      g_ptr_array_index (chunk, i) = NULL;
      if (g_hash_table_contains (stored, &noted->id))
        g_ptr_array_index (chunk, out++) = noted;
      else
        noted_free (noted);
    }
  g_ptr_array_set_size (chunk, out);
  *last = MAX (*last, grouped_upto);
  return TRUE;
}

/* The stories waiting, by id, in chunks read ahead: grouped_upto moves
 * past them with each transaction, so that a killed run loses nothing and
 * does nothing twice. Within a chunk they are grouped by date. */
gboolean
dossier_store_group_events (DossierStore          *store,
                            DossierRetagProgress   progress,
                            gpointer               user_data,
                            GError               **error)
{
  g_autoptr(Reader) reader = NULL;
  guint64 total, done = 0;
  gint64 grouped_upto;
  gboolean more = TRUE;

  if (!dossier_store_ensure_tagger (store, error) ||
      !dossier_store_events_pending (store, &total, error) ||
      !state_get (store, "grouped_upto", &grouped_upto, error))
    return FALSE;
  if (total == 0)
    return TRUE;

  reader = reader_new (store, grouped_upto);
  while (more)
    {
      gint64 start = g_get_monotonic_time ();
      guint n = 0;

      if (!dossier_store_begin (store, error))
        return FALSE;
      /* Chunks, one transaction as long as takes about a quarter of a
       * second, so that another connection's writes wait little. */
      do
        {
          g_autoptr(GPtrArray) chunk = reader_next (reader, store, error);
          gint64 last;

          if (chunk == NULL)
            goto fail;
          if (chunk->len == 0)
            {
              more = FALSE;
              break;
            }
          n += chunk->len;
          if (!still_waiting (store, chunk, &last, error) ||
              !group_stories (store, chunk, last, error))
            goto fail;
        }
      /* The first transaction is the first chunk alone: a run that is
       * stopped at once has done a little. */
      while (done > 0 && n < BATCH_MAX &&
             (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC < BATCH_SECONDS);
      if (n == 0)
        {
          dossier_store_rollback (store);
          break;
        }
      if (!dossier_store_commit (store, error))
        goto fail;
      done += n;
      if (progress != NULL && !progress (done, MAX (total, done), user_data))
        break;
      continue;

fail:
      dossier_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

/* ---- Reading events ------------------------------------------------------ */

static gint64
lead_of (DossierStore  *store,
         gint64         article_id,
         GError       **error)
{
  sqlite3_stmt *stmt = dossier_store_prepare (store,
    "SELECT COALESCE (event_id, id) FROM articles WHERE id = ?1", error);
  gint64 lead = 0;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, article_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    lead = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (lead == 0)
    dossier_store_set_no_article (error, article_id);
  return lead;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static char *
short_lang (const char *lang)
{
  if (lang == NULL || strlen (lang) < 2)
    return NULL;
  return g_ascii_strdown (lang, 2);
}

DossierEvent *
dossier_store_get_event (DossierStore  *store,
                         gint64         article_id,
                         GError       **error)
{
  g_autoptr(DossierEvent) event = NULL;
  g_autoptr(GPtrArray) languages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) feeds = g_hash_table_new (g_int64_hash, g_int64_equal);
  gint64 lead = lead_of (store, article_id, error);
  sqlite3_stmt *stmt;
  int rc;

  if (lead <= 0)
    return NULL;
  event = g_new0 (DossierEvent, 1);
  event->id = lead;
  event->first_seen = G_MAXINT64;
  event->updated = G_MININT64;
  event->stories = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_event_story_free);

  stmt = dossier_store_prepare (store,
    "SELECT a.id, a.feed_id, COALESCE (f.user_title, f.title, f.url), a.title, a.link, a.published,"
    " COALESCE (a.lang, f.language), l.matched_id, l.why, a.first_seen"
    " FROM articles a JOIN feeds f ON f.id = a.feed_id LEFT JOIN event_links l ON l.article_id = a.id"
    " WHERE a.id = ?1 OR a.event_id = ?1 ORDER BY a.id != ?1, a.published, a.id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, lead);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DossierEventStory *story = g_new0 (DossierEventStory, 1);
      g_autofree char *lang = NULL;

      story->article_id = sqlite3_column_int64 (stmt, 0);
      story->feed_id = sqlite3_column_int64 (stmt, 1);
      story->feed_title = dossier_store_column_dup (stmt, 2);
      story->title = dossier_store_column_dup (stmt, 3);
      story->link = dossier_store_column_dup (stmt, 4);
      story->published = sqlite3_column_int64 (stmt, 5);
      story->lang = dossier_store_column_dup (stmt, 6);
      if (story->article_id != lead)
        {
          story->matched = sqlite3_column_int64 (stmt, 7);
          story->why = dossier_store_column_dup (stmt, 8);
        }
      event->first_seen = MIN (event->first_seen, sqlite3_column_int64 (stmt, 9));
      event->updated = MAX (event->updated, story->published);
      g_hash_table_add (feeds, &story->feed_id);
      lang = short_lang (story->lang);
      if (lang != NULL && !g_ptr_array_find_with_equal_func (languages, lang, g_str_equal, NULL))
        g_ptr_array_add (languages, g_steal_pointer (&lang));
      if (story->article_id == lead)
        event->title = g_strdup (story->title);
      g_ptr_array_add (event->stories, story);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dossier_store_set_error (store, _("Cannot read the story"), error);
      return NULL;
    }
  g_ptr_array_sort (languages, compare_strings);
  g_ptr_array_add (languages, NULL);
  event->languages = (GStrv) g_ptr_array_free (g_steal_pointer (&languages), FALSE);
  event->n_feeds = g_hash_table_size (feeds);
  return g_steal_pointer (&event);
}

static gboolean
is_plain (const DossierQuery *query)
{
  return query->feed_id == 0 && query->folder == NULL &&
         (query->entities == NULL || query->entities[0] == NULL) &&
         (query->topics == NULL || query->topics[0] == NULL) &&
         (query->search == NULL || query->search[0] == '\0') &&
         query->since == DOSSIER_DATE_NONE && query->until == DOSSIER_DATE_NONE &&
         !query->unread_only && !query->starred_only && query->ids == NULL;
}

/* Every event of @query, one id each, before its limit and offset. */
static GArray *
all_event_ids (DossierStore       *store,
               const DossierQuery *query,
               GError            **error)
{
  g_autoptr(DossierQuery) copy = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) out = NULL;
  g_autoptr(GHashTable) seen = NULL;
  sqlite3_stmt *stmt;

  /* Without filters the leads are the events, in their own index. */
  if (is_plain (query))
    {
      stmt = dossier_store_prepare (store,
        "SELECT id FROM articles INDEXED BY articles_event_leads WHERE event_id IS NULL"
        " ORDER BY published DESC, id DESC", error);
      if (stmt == NULL)
        return NULL;
      out = dossier_store_step_ids (store, stmt, _("Cannot read the stories"), error);
      sqlite3_reset (stmt);
      return g_steal_pointer (&out);
    }

  /* With filters, the events of the matching stories, each once, where
   * its newest matching story is; shown by its lead, so that a row and
   * its sources read the same everywhere. */
  copy = dossier_query_copy (query);
  copy->limit = 0;
  copy->offset = 0;
  copy->events = FALSE;
  ids = dossier_store_query_ids (store, copy, error);
  if (ids == NULL)
    return NULL;
  out = g_array_new (FALSE, FALSE, sizeof (gint64));
  seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  stmt = dossier_store_prepare (store, "SELECT COALESCE (event_id, id) FROM articles WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 lead = g_array_index (ids, gint64, i);

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, lead);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        lead = sqlite3_column_int64 (stmt, 0);
      if (g_hash_table_contains (seen, &lead))
        continue;
      g_hash_table_add (seen, g_memdup2 (&lead, sizeof lead));
      g_array_append_val (out, lead);
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&out);
}

GArray *
dossier_store_query_event_ids (DossierStore       *store,
                               const DossierQuery *query,
                               GError            **error)
{
  g_autoptr(GArray) all = all_event_ids (store, query, error);
  GArray *page;
  guint start, end;

  if (all == NULL)
    return NULL;
  start = MIN (query->offset, all->len);
  end = query->limit > 0 ? MIN (all->len, start + query->limit) : all->len;
  page = g_array_sized_new (FALSE, FALSE, sizeof (gint64), end - start);
  g_array_append_vals (page, &g_array_index (all, gint64, start), end - start);
  return page;
}

gboolean
dossier_store_count_stories (DossierStore       *store,
                             const DossierQuery *query,
                             guint              *n_stories,
                             GError            **error)
{
  g_autoptr(DossierQuery) copy = NULL;
  g_autoptr(GArray) ids = NULL;
  sqlite3_stmt *stmt;

  if (is_plain (query))
    {
      stmt = dossier_store_prepare (store, "SELECT count(*) FROM articles", error);
      if (stmt == NULL)
        return FALSE;
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          sqlite3_reset (stmt);
          dossier_store_set_error (store, _("Cannot read the stories"), error);
          return FALSE;
        }
      *n_stories = (guint) sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      return TRUE;
    }
  copy = dossier_query_copy (query);
  copy->limit = 0;
  copy->offset = 0;
  copy->events = FALSE;
  ids = dossier_store_query_ids (store, copy, error);
  if (ids == NULL)
    return FALSE;
  *n_stories = ids->len;
  return TRUE;
}

GPtrArray *
dossier_store_query_events (DossierStore       *store,
                            const DossierQuery *query,
                            guint              *total,
                            GError            **error)
{
  g_autoptr(GArray) all = all_event_ids (store, query, error);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_event_free);
  guint start, end;

  if (all == NULL)
    return NULL;
  if (total != NULL)
    *total = all->len;
  start = MIN (query->offset, all->len);
  end = query->limit > 0 ? MIN (all->len, start + query->limit) : all->len;
  for (guint i = start; i < end; i++)
    {
      DossierEvent *event = dossier_store_get_event (store, g_array_index (all, gint64, i), error);

      if (event == NULL)
        return NULL;
      g_ptr_array_add (events, event);
    }
  return g_steal_pointer (&events);
}

gboolean
dossier_store_fill_events (DossierStore  *store,
                           GPtrArray     *articles,
                           GError       **error)
{
  sqlite3_stmt *lead_stmt, *stmt;
  const char *ui_lang = dossier_i18n_prefers_arabic () ? "ar" : "en";

  lead_stmt = dossier_store_prepare (store, "SELECT COALESCE (event_id, id) FROM articles WHERE id = ?1", error);
  if (lead_stmt == NULL)
    return FALSE;
  for (guint i = 0; i < articles->len; i++)
    {
      DossierArticle *article = g_ptr_array_index (articles, i);
      g_autoptr(GPtrArray) languages = g_ptr_array_new_with_free_func (g_free);
      int rc;

      g_autofree char *story_lang = short_lang (article->lang);
      gboolean own_lang = g_strcmp0 (story_lang, ui_lang) == 0;
      gint64 title_date = G_MININT64;

      article->event_id = article->id;
      article->event_stories = 1;
      article->event_updated = article->published;
      sqlite3_reset (lead_stmt);
      sqlite3_bind_int64 (lead_stmt, 1, article->id);
      if (sqlite3_step (lead_stmt) == SQLITE_ROW)
        article->event_id = sqlite3_column_int64 (lead_stmt, 0);
      sqlite3_reset (lead_stmt);

      stmt = dossier_store_prepare (store,
        "SELECT a.published, COALESCE (a.lang, f.language), a.title FROM articles a"
        " JOIN feeds f ON f.id = a.feed_id WHERE a.id = ?1 OR a.event_id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, article->event_id);
      article->event_stories = 0;
      g_clear_pointer (&article->event_title, g_free);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          g_autofree char *lang = short_lang ((const char *) sqlite3_column_text (stmt, 1));
          gint64 published = sqlite3_column_int64 (stmt, 0);

          /* The title in the interface's language, when the story is in
           * another and a source has one: its newest. */
          if (lang != NULL && g_str_equal (lang, ui_lang) && !own_lang &&
              sqlite3_column_type (stmt, 2) != SQLITE_NULL && published >= title_date)
            {
              g_free (article->event_title);
              article->event_title = dossier_store_column_dup (stmt, 2);
              title_date = published;
            }
          article->event_stories++;
          article->event_updated = MAX (article->event_updated, sqlite3_column_int64 (stmt, 0));
          if (lang != NULL && !g_ptr_array_find_with_equal_func (languages, lang, g_str_equal, NULL))
            g_ptr_array_add (languages, g_steal_pointer (&lang));
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          dossier_store_set_error (store, _("Cannot read the stories"), error);
          return FALSE;
        }
      article->event_stories = MAX (article->event_stories, 1);
      g_ptr_array_sort (languages, compare_strings);
      g_free (article->event_languages);
      article->event_languages = NULL;
      if (languages->len > 0)
        {
          g_autoptr(GString) text = g_string_new (NULL);

          for (guint k = 0; k < languages->len; k++)
            g_string_append_printf (text, "%s%s", k > 0 ? " " : "", (char *) g_ptr_array_index (languages, k));
          article->event_languages = g_string_free (g_steal_pointer (&text), FALSE);
        }
    }
  return TRUE;
}

/* ---- Corrections --------------------------------------------------------- */

static gboolean
correct (DossierStore  *store,
         gint64         article_id,
         gint64         other_id,
         gboolean       same,
         GError       **error)
{
  sqlite3_stmt *stmt = dossier_store_prepare (store,
    "INSERT INTO event_corrections (article_id, other_id, same, created) VALUES (?1, ?2, ?3, ?4)"
    " ON CONFLICT (article_id, other_id) DO UPDATE SET same = excluded.same, created = excluded.created",
    error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, article_id);
  sqlite3_bind_int64 (stmt, 2, other_id);
  sqlite3_bind_int (stmt, 3, same ? 1 : 0);
  sqlite3_bind_int64 (stmt, 4, g_get_real_time () / G_USEC_PER_SEC);
  if (!step_done (store, stmt, _("Cannot correct the event"), error))
    return FALSE;
  /* The opposite word on the pair in the other order is withdrawn. */
  stmt = dossier_store_prepare (store,
    "DELETE FROM event_corrections WHERE article_id = ?2 AND other_id = ?1 AND same != ?3", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, article_id);
  sqlite3_bind_int64 (stmt, 2, other_id);
  sqlite3_bind_int (stmt, 3, same ? 1 : 0);
  return step_done (store, stmt, _("Cannot correct the event"), error);
}

static gboolean
run (DossierStore  *store,
     const char    *sql,
     gint64         a,
     gint64         b,
     GError       **error)
{
  sqlite3_stmt *stmt = dossier_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, a);
  sqlite3_bind_int64 (stmt, 2, b);
  return step_done (store, stmt, _("Cannot correct the event"), error);
}

gboolean
dossier_store_event_split (DossierStore  *store,
                           gint64         article_id,
                           GError       **error)
{
  gint64 lead;

  if (!dossier_store_begin (store, error))
    return FALSE;
  lead = lead_of (store, article_id, error);
  if (lead <= 0)
    goto fail;
  if (lead == article_id)
    {
      /* The lead leaves: the next story leads the others. */
      gint64 next = 0;
      sqlite3_stmt *stmt = dossier_store_prepare (store,
        "SELECT min (id) FROM articles WHERE event_id = ?1", error);

      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, lead);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        next = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      if (next == 0)
        {
          /* A story alone is its own event already. */
          if (!dossier_store_commit (store, error))
            goto fail;
          return TRUE;
        }
      if (!run (store, "UPDATE articles SET event_id = NULL WHERE id = ?2 AND ?1 = ?1", lead, next, error) ||
          !run (store, "UPDATE articles SET event_id = ?2 WHERE event_id = ?1", lead, next, error) ||
          !run (store, "DELETE FROM event_links WHERE article_id = ?2 AND ?1 = ?1", lead, next, error) ||
          !correct (store, article_id, next, FALSE, error))
        goto fail;
    }
  else if (!run (store, "UPDATE articles SET event_id = NULL WHERE id = ?1 AND ?2 = ?2", article_id, 0, error) ||
           !run (store, "DELETE FROM event_links WHERE article_id = ?1 AND ?2 = ?2", article_id, 0, error) ||
           !correct (store, article_id, lead, FALSE, error))
    goto fail;

  if (!bump_generation (store, error) || !dossier_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  dossier_store_rollback (store);
  return FALSE;
}

/* @article_id's event and @other_id's become one, inside the caller's
 * transaction. */
static gboolean
join_events (DossierStore  *store,
             gint64         article_id,
             gint64         other_id,
             GError       **error)
{
  DossierGroupWhy why = { 0 };
  g_autofree char *line = NULL;
  gint64 lead, into, keep, go;

  lead = lead_of (store, article_id, error);
  into = lead > 0 ? lead_of (store, other_id, error) : 0;
  if (lead <= 0 || into <= 0)
    return FALSE;
  if (lead == into)
    return TRUE;
  /* The older event takes the other in, so that its row stays. Its
   * stories may be a refresh's staged ones too (a correction among
   * stories grouped again as the refresh commits). */
  keep = MIN (lead, into);
  go = MAX (lead, into);
  if (!run (store, "UPDATE articles SET event_id = ?1 WHERE event_id = ?2", keep, go, error) ||
      (store->staged_next != 0 &&
       !run (store, "UPDATE temp.staged_events SET event_id = ?1 WHERE event_id = ?2", keep, go, error)))
    return FALSE;
  /* The lead that now follows says why: the user joined them. */
  why.rule = DOSSIER_GROUP_MANUAL;
  line = dossier_group_why_serialize (&why);
  return place (store, go, keep, go == lead ? other_id : article_id, line, error);
}

gboolean
dossier_store_event_join (DossierStore  *store,
                          gint64         article_id,
                          gint64         other_id,
                          GError       **error)
{
  if (!dossier_store_begin (store, error))
    return FALSE;
  if (!join_events (store, article_id, other_id, error) ||
      !correct (store, article_id, other_id, TRUE, error) ||
      !bump_generation (store, error) || !dossier_store_commit (store, error))
    {
      dossier_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

/* ---- Why, in words ------------------------------------------------------- */

static char *
tag_name (DossierStore *store,
          const char   *slug)
{
  g_autoptr(DossierTagInfo) info = NULL;
  sqlite3_stmt *stmt = dossier_store_prepare (store,
    "SELECT name_en, name_ar FROM tags WHERE slug = ?1", NULL);

  if (stmt == NULL)
    return g_strdup (slug);
  sqlite3_bind_text (stmt, 1, slug, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      info = g_new0 (DossierTagInfo, 1);
      info->slug = g_strdup (slug);
      info->name_en = dossier_store_column_dup (stmt, 0);
      info->name_ar = dossier_store_column_dup (stmt, 1);
    }
  sqlite3_reset (stmt);
  return g_strdup (info != NULL ? dossier_tag_info_get_name (info) : slug);
}

static char *
span_text (gint64 seconds)
{
  if (seconds < 3600)
    return g_strdup (_("less than an hour apart"));
  if (seconds < 48 * 3600)
    {
      guint hours = (guint) ((seconds + 1800) / 3600);

      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u hour apart", "%u hours apart", hours), hours);
    }
  {
    guint days = (guint) ((seconds + 43200) / 86400);

    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day apart", "%u days apart", days), days);
  }
}

char *
dossier_store_event_why_text (DossierStore *store,
                              const char   *why_line)
{
  DossierGroupWhy why = { 0 };
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *span = NULL;
  g_autofree char *list = NULL;
  char *text;

  if (why_line == NULL || !dossier_group_why_parse (why_line, &why))
    {
      dossier_group_why_clear (&why);
      return NULL;
    }
  span = span_text (why.seconds_apart);
  for (guint i = 0; i < why.evidence->len && names->len < 4; i++)
    {
      const char *item = g_ptr_array_index (why.evidence, i);

      switch (item[0])
        {
        case 'e':
        case 't':
          g_ptr_array_add (names, tag_name (store, item + 2));
          break;
        case 'c':
          g_ptr_array_add (names, g_ascii_strup (item + 2, -1));
          break;
        case 'n':
          g_ptr_array_add (names, g_strdup (item + 2));
          break;
        default:
          break;
        }
    }
  if (names->len > 0)
    {
      /* "A, B and C": the list's own words, so that Arabic reads و. */
      GString *s = g_string_new (g_ptr_array_index (names, 0));

      for (guint i = 1; i < names->len; i++)
        {
          if (i == names->len - 1)
            /* TRANSLATORS: between the last two items of a list, "Nvidia, H20 and the CAC" */
            g_string_append (s, _(" and "));
          else
            g_string_append (s, _(", "));
          g_string_append (s, g_ptr_array_index (names, i));
        }
      list = g_string_free (s, FALSE);
    }

  switch (why.rule)
    {
    case DOSSIER_GROUP_SAME_LINK:
      /* TRANSLATORS: why two stories are one event; %s is "3 hours apart" */
      text = g_strdup_printf (_("The same link, %s"), span);
      break;
    case DOSSIER_GROUP_SAME_TITLE:
      text = g_strdup_printf (_("The same title, %s"), span);
      break;
    case DOSSIER_GROUP_MANUAL:
      text = g_strdup (_("You said they are the same event"));
      break;
    case DOSSIER_GROUP_SIMILAR_TEXT:
      if (list != NULL)
        /* TRANSLATORS: the first %s lists names ("Nvidia and the CAC"), the second is "3 hours apart" */
        text = g_strdup_printf (_("Nearly the same report, both about %s, %s"), list, span);
      else
        text = g_strdup_printf (_("Nearly the same report, %s"), span);
      break;
    case DOSSIER_GROUP_SHARED_EVIDENCE:
    default:
      if (list != NULL)
        /* TRANSLATORS: the first %s lists names ("Nvidia H20 and the CAC"), the second is "3 hours apart" */
        text = g_strdup_printf (_("Both mention %s, %s"), list, span);
      else
        text = g_strdup_printf (_("The same news, %s"), span);
      break;
    }
  dossier_group_why_clear (&why);
  return text;
}
