/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-store"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "dossier-error.h"
#include "dossier-store-private.h"
#include "dossier-utf8.h"
#include "dossier-normalize.h"

#define SEARCH_COLUMNS \
  "id, name, feed_id, folder, entities, topics, search, unread_only, starred_only," \
  " period_seconds, created, watched, since, until"

DossierSavedSearch *
dossier_saved_search_new (void)
{
  DossierSavedSearch *search = g_new0 (DossierSavedSearch, 1);

  search->since = search->until = DOSSIER_DATE_NONE;
  return search;
}

DossierSavedSearch *
dossier_saved_search_copy (const DossierSavedSearch *search)
{
  DossierSavedSearch *copy = g_memdup2 (search, sizeof *search);

  copy->name = g_strdup (search->name);
  copy->folder = g_strdup (search->folder);
  copy->entities = g_strdupv (search->entities);
  copy->topics = g_strdupv (search->topics);
  copy->search = g_strdup (search->search);
  return copy;
}

void
dossier_saved_search_free (DossierSavedSearch *search)
{
  if (search == NULL)
    return;
  g_free (search->name);
  g_free (search->folder);
  g_strfreev (search->entities);
  g_strfreev (search->topics);
  g_free (search->search);
  g_free (search);
}

void
dossier_watch_hit_free (DossierWatchHit *hit)
{
  if (hit == NULL)
    return;
  g_free (hit->kind);
  g_free (hit->ref);
  g_free (hit->name);
  g_free (hit->name_ar);
  g_clear_pointer (&hit->article_ids, g_array_unref);
  g_free (hit);
}

static gboolean
is_empty (const char *text)
{
  return text == NULL || text[0] == '\0';
}

DossierQuery *
dossier_saved_search_to_query (const DossierSavedSearch *search,
                               gint64                    now)
{
  DossierQuery *query = g_new0 (DossierQuery, 1);

  dossier_query_init (query);
  query->feed_id = search->feed_id;
  query->folder = g_strdup (search->folder);
  query->entities = search->entities != NULL && search->entities[0] != NULL ? g_strdupv (search->entities) : NULL;
  query->topics = search->topics != NULL && search->topics[0] != NULL ? g_strdupv (search->topics) : NULL;
  query->search = g_strdup (search->search);
  query->unread_only = search->unread_only;
  query->starred_only = search->starred_only;
  query->since = search->since;
  query->until = search->until;
  if (search->period_seconds > 0)
    query->since = MAX (query->since, now - search->period_seconds);
  return query;
}

/* ---- Saved searches ----------------------------------------------------- */

static void
set_no_search (GError **error,
               gint64   search_id)
{
  /* Formatted apart, as the store's other "There is no ..." messages. */
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, search_id);

  g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_NOT_FOUND, _("There is no saved search %s"), id);
}

/* NULL when nothing is left: an empty list is no filter. */
static char *
slugs_to_json (const GStrv slugs)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;

  if (slugs == NULL || slugs[0] == NULL)
    return NULL;
  builder = json_builder_new ();
  json_builder_begin_array (builder);
  for (guint i = 0; slugs[i] != NULL; i++)
    json_builder_add_string_value (builder, slugs[i]);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static GStrv
slugs_from_json (const char *json)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GStrvBuilder) slugs = NULL;
  JsonArray *array;

  if (json == NULL)
    return NULL;
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, json, -1, NULL) ||
      !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    return NULL;
  array = json_node_get_array (json_parser_get_root (parser));
  slugs = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *slug = json_array_get_string_element (array, i);

      if (slug != NULL)
        g_strv_builder_add (slugs, slug);
    }
  return g_strv_builder_end (slugs);
}

static DossierSavedSearch *
search_from_row (sqlite3_stmt *stmt)
{
  DossierSavedSearch *search = dossier_saved_search_new ();

  search->id = sqlite3_column_int64 (stmt, 0);
  search->name = dossier_store_column_dup (stmt, 1);
  search->feed_id = sqlite3_column_int64 (stmt, 2);
  search->folder = dossier_store_column_dup (stmt, 3);
  search->entities = slugs_from_json ((const char *) sqlite3_column_text (stmt, 4));
  search->topics = slugs_from_json ((const char *) sqlite3_column_text (stmt, 5));
  search->search = dossier_store_column_dup (stmt, 6);
  search->unread_only = sqlite3_column_int (stmt, 7);
  search->starred_only = sqlite3_column_int (stmt, 8);
  search->period_seconds = sqlite3_column_int64 (stmt, 9);
  search->created = sqlite3_column_int64 (stmt, 10);
  search->watched = sqlite3_column_int (stmt, 11);
  if (sqlite3_column_type (stmt, 12) != SQLITE_NULL)
    search->since = sqlite3_column_int64 (stmt, 12);
  if (sqlite3_column_type (stmt, 13) != SQLITE_NULL)
    search->until = sqlite3_column_int64 (stmt, 13);
  return search;
}

/* The name as stored (trimmed), NULL with @error when none is left. */
static char *
clean_name (const char  *name,
            GError     **error)
{
  g_autofree char *clean = NULL;

  /* Bad bytes are said to be bad bytes, not a missing name. */
  if (!dossier_utf8_check (name, _("The name of a saved search"), error))
    return NULL;
  clean = g_strstrip (g_strdup (name != NULL ? name : ""));
  if (clean[0] == '\0')
    {
      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID, _("A saved search needs a name"));
      return NULL;
    }
  return g_steal_pointer (&clean);
}

/* Steps a write of @name; another search of the same name is
 * DOSSIER_ERROR_EXISTS rather than a database error. */
static gboolean
step_name_write (DossierStore  *store,
                 sqlite3_stmt  *stmt,
                 const char    *name,
                 GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc == SQLITE_CONSTRAINT_UNIQUE)
    {
      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_EXISTS,
                   _("There is already a saved search “%s”"), name);
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      dossier_store_set_error (store, _("Cannot store the saved search"), error);
      return FALSE;
    }
  return TRUE;
}

/* Every slug of @slugs is an entity (or a topic when @topics). */
static gboolean
check_tags (DossierStore  *store,
            const GStrv    slugs,
            gboolean       topics,
            GError       **error)
{
  for (guint i = 0; slugs != NULL && slugs[i] != NULL; i++)
    {
      g_autoptr(DossierTagInfo) tag = dossier_store_get_tag (store, slugs[i], error);

      if (tag == NULL)
        return FALSE;
      if (g_str_equal (tag->kind, "topic") != topics)
        {
          g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID,
                       topics ? _("“%s” is an entity, not a topic")
                              : _("“%s” is a topic, not an entity"), slugs[i]);
          return FALSE;
        }
    }
  return TRUE;
}

gint64
dossier_store_save_search (DossierStore              *store,
                           const DossierSavedSearch  *search,
                           GError                   **error)
{
  g_autofree char *name = NULL;
  g_autofree char *key = NULL;
  g_autofree char *entities = NULL;
  g_autofree char *topics = NULL;
  sqlite3_stmt *stmt;

  name = clean_name (search->name, error);
  if (name == NULL ||
      !dossier_utf8_check (search->folder, _("The folder"), error) ||
      !dossier_utf8_check (search->search, _("The search"), error))
    return 0;
  if (search->period_seconds < 0)
    {
      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID,
                   _("The period of a saved search cannot be negative"));
      return 0;
    }
  if (search->since != DOSSIER_DATE_NONE && search->until != DOSSIER_DATE_NONE && search->since >= search->until)
    {
      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID,
                   _("The first day of a saved search’s dates must come before the last"));
      return 0;
    }
  if (search->feed_id != 0)
    {
      g_autoptr(DossierFeedInfo) feed = dossier_store_get_feed (store, search->feed_id, error);

      if (feed == NULL)
        return 0;
    }
  if (!check_tags (store, search->entities, FALSE, error) ||
      !check_tags (store, search->topics, TRUE, error))
    return 0;

  key = dossier_normalize (name, -1);
  entities = slugs_to_json (search->entities);
  topics = slugs_to_json (search->topics);
  stmt = dossier_store_prepare (store,
    "INSERT INTO saved_searches (name, name_key, feed_id, folder, entities, topics, search,"
    " unread_only, starred_only, period_seconds, created, watched, since, until)"
    " VALUES (?1, ?2, NULLIF (?3, 0), ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, key, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, search->feed_id);
  /* Empty text is no filter, as in a DossierQuery. */
  dossier_store_bind_text (stmt, 4, is_empty (search->folder) ? NULL : search->folder);
  dossier_store_bind_text (stmt, 5, entities);
  dossier_store_bind_text (stmt, 6, topics);
  dossier_store_bind_text (stmt, 7, is_empty (search->search) ? NULL : search->search);
  sqlite3_bind_int (stmt, 8, search->unread_only ? 1 : 0);
  sqlite3_bind_int (stmt, 9, search->starred_only ? 1 : 0);
  sqlite3_bind_int64 (stmt, 10, search->period_seconds);
  sqlite3_bind_int64 (stmt, 11, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_int (stmt, 12, search->watched ? 1 : 0);
  /* An open end is NULL, not the sentinel, for other readers of the file. */
  if (search->since != DOSSIER_DATE_NONE)
    sqlite3_bind_int64 (stmt, 13, search->since);
  if (search->until != DOSSIER_DATE_NONE)
    sqlite3_bind_int64 (stmt, 14, search->until);
  if (!step_name_write (store, stmt, name, error))
    return 0;
  return sqlite3_last_insert_rowid (store->db);
}

gboolean
dossier_store_rename_search (DossierStore  *store,
                             gint64         search_id,
                             const char    *name,
                             GError       **error)
{
  g_autofree char *clean = clean_name (name, error);
  g_autofree char *key = NULL;
  sqlite3_stmt *stmt;

  if (clean == NULL)
    return FALSE;
  key = dossier_normalize (clean, -1);
  stmt = dossier_store_prepare (store,
    "UPDATE saved_searches SET name = ?2, name_key = ?3 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, search_id);
  sqlite3_bind_text (stmt, 2, clean, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, key, -1, SQLITE_STATIC);
  if (!step_name_write (store, stmt, clean, error))
    return FALSE;
  if (sqlite3_changes (store->db) == 0)
    {
      set_no_search (error, search_id);
      return FALSE;
    }
  return TRUE;
}

/* Runs @stmt, bound by the caller with the search's id as ?1. */
static gboolean
step_search_edit (DossierStore  *store,
                  sqlite3_stmt  *stmt,
                  gint64         search_id,
                  GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dossier_store_set_error (store, _("Cannot store the saved search"), error);
      return FALSE;
    }
  if (sqlite3_changes (store->db) == 0)
    {
      set_no_search (error, search_id);
      return FALSE;
    }
  return TRUE;
}

gboolean
dossier_store_remove_search (DossierStore  *store,
                             gint64         search_id,
                             GError       **error)
{
  sqlite3_stmt *stmt = dossier_store_prepare (store, "DELETE FROM saved_searches WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, search_id);
  return step_search_edit (store, stmt, search_id, error);
}

gboolean
dossier_store_set_search_watched (DossierStore  *store,
                                  gint64         search_id,
                                  gboolean       watched,
                                  GError       **error)
{
  sqlite3_stmt *stmt = dossier_store_prepare (store,
    "UPDATE saved_searches SET watched = ?2 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, search_id);
  sqlite3_bind_int (stmt, 2, watched ? 1 : 0);
  return step_search_edit (store, stmt, search_id, error);
}

static int
compare_searches (gconstpointer a,
                  gconstpointer b)
{
  const DossierSavedSearch *x = *(DossierSavedSearch **) a;
  const DossierSavedSearch *y = *(DossierSavedSearch **) b;
  int order = g_utf8_collate (x->name, y->name);

  if (order != 0)
    return order;
  return x->id < y->id ? -1 : x->id > y->id;
}

GPtrArray *
dossier_store_list_searches (DossierStore  *store,
                             GError       **error)
{
  g_autoptr(GPtrArray) searches = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_saved_search_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = dossier_store_prepare (store, "SELECT " SEARCH_COLUMNS " FROM saved_searches", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (searches, search_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dossier_store_set_error (store, _("Cannot read the saved searches"), error);
      return NULL;
    }
  /* SQLite's collations know no language: the locale's order sorts
   * Arabic and English names as the user expects. A user has a handful. */
  g_ptr_array_sort (searches, compare_searches);
  return g_steal_pointer (&searches);
}

DossierSavedSearch *
dossier_store_get_search (DossierStore  *store,
                          gint64         search_id,
                          GError       **error)
{
  DossierSavedSearch *search = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = dossier_store_prepare (store, "SELECT " SEARCH_COLUMNS " FROM saved_searches WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, search_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    search = search_from_row (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    set_no_search (error, search_id);
  else if (rc != SQLITE_ROW)
    dossier_store_set_error (store, _("Cannot read the saved searches"), error);
  return search;
}

/* ---- Watched entities and topics ---------------------------------------- */

gboolean
dossier_store_set_tag_watched (DossierStore  *store,
                               const char    *slug,
                               gboolean       watched,
                               GError       **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (watched)
    {
      g_autoptr(DossierTagInfo) tag = dossier_store_get_tag (store, slug, error);

      if (tag == NULL)
        return FALSE;
      stmt = dossier_store_prepare (store,
        "INSERT INTO watched_tags (slug, created) VALUES (?1, ?2) ON CONFLICT (slug) DO NOTHING", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
    }
  else
    {
      stmt = dossier_store_prepare (store, "DELETE FROM watched_tags WHERE slug = ?1", error);
      if (stmt == NULL)
        return FALSE;
    }
  sqlite3_bind_text (stmt, 1, slug, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dossier_store_set_error (store, _("Cannot store the watch"), error);
      return FALSE;
    }

  /* Unwatching is always possible, a removed tag's watch included; a
   * slug that never was anything is a typing error. */
  if (!watched && sqlite3_changes (store->db) == 0)
    {
      g_autoptr(DossierTagInfo) tag = dossier_store_get_tag (store, slug, error);

      return tag != NULL;
    }
  return TRUE;
}

gboolean
dossier_store_is_tag_watched (DossierStore  *store,
                              const char    *slug,
                              gboolean      *watched,
                              GError       **error)
{
  g_autoptr(DossierTagInfo) tag = dossier_store_get_tag (store, slug, error);
  sqlite3_stmt *stmt;
  int rc;

  if (tag == NULL)
    return FALSE;
  stmt = dossier_store_prepare (store, "SELECT EXISTS (SELECT 1 FROM watched_tags WHERE slug = ?1)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, slug, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *watched = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      dossier_store_set_error (store, _("Cannot read the watches"), error);
      return FALSE;
    }
  return TRUE;
}

static int
compare_tag_names (gconstpointer a,
                   gconstpointer b)
{
  const DossierTagInfo *x = *(DossierTagInfo **) a;
  const DossierTagInfo *y = *(DossierTagInfo **) b;
  int order = g_utf8_collate (x->name_en, y->name_en);

  return order != 0 ? order : strcmp (x->slug, y->slug);
}

GPtrArray *
dossier_store_list_watched_tags (DossierStore  *store,
                                 GError       **error)
{
  g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_tag_info_free);
  g_autoptr(GPtrArray) slugs = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = dossier_store_prepare (store, "SELECT slug FROM watched_tags", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (slugs, dossier_store_column_dup (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dossier_store_set_error (store, _("Cannot read the watches"), error);
      return NULL;
    }

  /* The tags' own rows say what each is; a watch whose tag was removed
   * is left out, not an error. */
  for (guint i = 0; i < slugs->len; i++)
    {
      g_autoptr(GError) local = NULL;
      DossierTagInfo *tag = dossier_store_get_tag (store, g_ptr_array_index (slugs, i), &local);

      if (tag != NULL)
        g_ptr_array_add (tags, tag);
      else if (!g_error_matches (local, DOSSIER_ERROR, DOSSIER_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
    }
  g_ptr_array_sort (tags, compare_tag_names);
  return g_steal_pointer (&tags);
}

/* ---- What a refresh brought --------------------------------------------- */

/* Adds a hit for @query's stories among @new_ids, when there are some. */
static gboolean
add_hit (DossierStore  *store,
         GPtrArray     *hits,
         DossierQuery  *query,
         GArray        *new_ids,
         const char    *kind,
         const char    *ref,
         const char    *name,
         const char    *name_ar,
         GError       **error)
{
  g_autoptr(GArray) ids = NULL;
  DossierWatchHit *hit;

  query->ids = new_ids;
  ids = dossier_store_query_ids (store, query, error);
  query->ids = NULL;
  if (ids == NULL)
    return FALSE;
  if (ids->len == 0)
    return TRUE;
  hit = g_new0 (DossierWatchHit, 1);
  hit->kind = g_strdup (kind);
  hit->ref = g_strdup (ref);
  hit->name = g_strdup (name);
  hit->name_ar = g_strdup (name_ar);
  hit->article_ids = g_steal_pointer (&ids);
  g_ptr_array_add (hits, hit);
  return TRUE;
}

static gboolean
any_watched (GPtrArray *searches)
{
  for (guint i = 0; i < searches->len; i++)
    if (((DossierSavedSearch *) g_ptr_array_index (searches, i))->watched)
      return TRUE;
  return FALSE;
}

GPtrArray *
dossier_store_watch_hits (DossierStore  *store,
                          gint64         after_article_id,
                          GError       **error)
{
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_watch_hit_free);
  g_autoptr(GArray) new_ids = NULL;
  g_autoptr(GPtrArray) tags = NULL;
  g_autoptr(GPtrArray) searches = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  tags = dossier_store_list_watched_tags (store, error);
  if (tags == NULL)
    return NULL;
  searches = dossier_store_list_searches (store, error);
  if (searches == NULL)
    return NULL;
  /* Nothing watched: the new stories are not read at all (after a
   * refresh of 20,000 stories that read every one of their rows, 50 ms). */
  if (tags->len == 0 && !any_watched (searches))
    return g_steal_pointer (&hits);

  /* The few new stories drive every watch's query, whatever the size of
   * the database. */
  new_ids = dossier_store_new_story_ids (store, after_article_id, error);
  if (new_ids == NULL)
    return NULL;
  if (new_ids->len == 0)
    return g_steal_pointer (&hits);

  for (guint i = 0; i < tags->len; i++)
    {
      DossierTagInfo *tag = g_ptr_array_index (tags, i);
      gboolean topic = g_str_equal (tag->kind, "topic");
      char *slugs[] = { tag->slug, NULL };
      DossierQuery query;

      dossier_query_init (&query);
      if (topic)
        query.topics = slugs;
      else
        query.entities = slugs;
      if (!add_hit (store, hits, &query, new_ids, topic ? "topic" : "entity", tag->slug,
                    tag->name_en, tag->name_ar, error))
        return NULL;
    }

  for (guint i = 0; i < searches->len; i++)
    {
      DossierSavedSearch *search = g_ptr_array_index (searches, i);
      g_autoptr(DossierQuery) query = NULL;
      g_autofree char *ref = NULL;

      if (!search->watched)
        continue;
      query = dossier_saved_search_to_query (search, now);
      ref = g_strdup_printf ("%" G_GINT64_FORMAT, search->id);
      if (!add_hit (store, hits, query, new_ids, "search", ref, search->name, search->name, error))
        return NULL;
    }
  return g_steal_pointer (&hits);
}
