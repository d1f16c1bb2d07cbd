/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-store"

#include "config.h"

#include <glib/gi18n.h>

#include "dossier-error.h"
#include "dossier-opml.h"
#include "dossier-store-private.h"
#include "dossier-url.h"
#include "dossier-utf8.h"

#define FEED_COLUMNS \
  "f.id, f.url, COALESCE (f.user_title, f.title), f.site_url, f.description," \
  " f.icon_url, f.language, d.name, f.status, f.last_error, f.etag," \
  " f.last_modified, f.last_fetched, f.next_fetch, f.failures," \
  " f.interval_minutes, f.ttl_minutes, f.retention_days, f.recovered," \
  " (SELECT count(*) FROM articles a WHERE a.feed_id = f.id AND a.read = 0)," \
  " (SELECT count(*) FROM articles a WHERE a.feed_id = f.id), f.full_article, f.allow_insecure"

static DossierFeedInfo *
feed_from_row (sqlite3_stmt *stmt)
{
  DossierFeedInfo *info = g_new0 (DossierFeedInfo, 1);

  info->id = sqlite3_column_int64 (stmt, 0);
  info->url = dossier_store_column_dup (stmt, 1);
  info->title = dossier_store_column_dup (stmt, 2);
  info->site_url = dossier_store_column_dup (stmt, 3);
  info->description = dossier_store_column_dup (stmt, 4);
  info->icon_url = dossier_store_column_dup (stmt, 5);
  info->language = dossier_store_column_dup (stmt, 6);
  info->folder = dossier_store_column_dup (stmt, 7);
  info->status = sqlite3_column_int (stmt, 8);
  info->last_error = dossier_store_column_dup (stmt, 9);
  info->etag = dossier_store_column_dup (stmt, 10);
  info->last_modified = dossier_store_column_dup (stmt, 11);
  info->last_fetched = dossier_store_column_date (stmt, 12);
  info->next_fetch = sqlite3_column_int64 (stmt, 13);
  info->failures = sqlite3_column_int (stmt, 14);
  info->interval_minutes = sqlite3_column_int (stmt, 15);
  info->ttl_minutes = sqlite3_column_int (stmt, 16);
  info->retention_days = sqlite3_column_int (stmt, 17);
  info->recovered = sqlite3_column_int (stmt, 18);
  info->unread_count = sqlite3_column_int (stmt, 19);
  info->article_count = sqlite3_column_int (stmt, 20);
  info->full_article = sqlite3_column_int (stmt, 21);
  info->allow_insecure = sqlite3_column_int (stmt, 22);
  return info;
}

/* The folder's id, created when it does not exist yet; 0 for none. */
static gint64
folder_id (DossierStore  *store,
           const char    *folder,
           GError       **error)
{
  sqlite3_stmt *stmt;
  gint64 id;

  if (folder == NULL || folder[0] == '\0')
    return 0;

  stmt = dossier_store_prepare (store,
    "INSERT INTO folders (name) VALUES (?1) ON CONFLICT (name) DO UPDATE SET name = name"
    " RETURNING id", error);
  if (stmt == NULL)
    return -1;
  dossier_store_bind_text (stmt, 1, folder);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      dossier_store_set_error (store, _("Cannot create the folder"), error);
      sqlite3_reset (stmt);
      return -1;
    }
  id = sqlite3_column_int64 (stmt, 0);
  /* A statement left mid-way would keep the transaction from committing. */
  sqlite3_reset (stmt);
  return id;
}

/* Ends a transaction that moved or removed feeds: folders left empty go
 * with their last feed. */
static gboolean
finish_with_folders (DossierStore  *store,
                     GError       **error)
{
  if (!dossier_store_exec (store,
        "DELETE FROM folders WHERE id NOT IN (SELECT folder_id FROM feeds WHERE folder_id IS NOT NULL)",
        error) ||
      !dossier_store_commit (store, error))
    {
      dossier_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

gint64
dossier_store_find_feed (DossierStore *store,
                         const char   *url)
{
  /* By the normalised address: the same feed however it is spelt. */
  sqlite3_stmt *stmt = dossier_store_prepare (store,
    "SELECT id FROM feeds WHERE url_key = ?1 OR url = ?2 ORDER BY id LIMIT 1", NULL);
  g_autofree char *key = dossier_url_key (url);
  gint64 id;

  if (stmt == NULL)
    return 0;
  dossier_store_bind_text (stmt, 1, key);
  dossier_store_bind_text (stmt, 2, url);
  id = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  return id;
}

gint64
dossier_store_add_feed (DossierStore  *store,
                        const char    *url,
                        const char    *title,
                        const char    *folder,
                        GError       **error)
{
  sqlite3_stmt *stmt;
  gint64 folder_row;
  gint64 id;

  g_return_val_if_fail (url != NULL, 0);

  if (!dossier_utf8_check (url, _("The address"), error) ||
      !dossier_utf8_check (title, _("The title"), error) ||
      !dossier_utf8_check (folder, _("The folder"), error))
    return 0;
  if (dossier_store_find_feed (store, url) != 0)
    {
      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_EXISTS,
                   _("Already subscribed to %s"), url);
      return 0;
    }

  if (!dossier_store_begin (store, error))
    return 0;

  folder_row = folder_id (store, folder, error);
  if (folder_row < 0)
    goto fail;

  stmt = dossier_store_prepare (store,
    "INSERT INTO feeds (url, user_title, folder_id, added, next_fetch, url_key)"
    " VALUES (?1, ?2, ?3, ?4, 0, dossier_url_key (?1))", error);
  if (stmt == NULL)
    goto fail;
  dossier_store_bind_text (stmt, 1, url);
  dossier_store_bind_text (stmt, 2, title);
  if (folder_row > 0)
    sqlite3_bind_int64 (stmt, 3, folder_row);
  sqlite3_bind_int64 (stmt, 4, g_get_real_time () / G_USEC_PER_SEC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      dossier_store_set_error (store, _("Cannot add the feed"), error);
      goto fail;
    }
  id = sqlite3_last_insert_rowid (store->db);

  if (!dossier_store_commit (store, error))
    goto fail;
  return id;

fail:
  dossier_store_rollback (store);
  return 0;
}

gboolean
dossier_store_remove_feed (DossierStore  *store,
                           gint64         feed_id,
                           GError       **error)
{
  sqlite3_stmt *stmt;

  if (!dossier_store_begin (store, error))
    return FALSE;
  stmt = dossier_store_prepare (store, "DELETE FROM feeds WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, feed_id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      dossier_store_set_error (store, _("Cannot remove the feed"), error);
      goto fail;
    }
  if (sqlite3_changes (store->db) == 0)
    {
      dossier_store_set_no_feed (error, feed_id);
      goto fail;
    }
  /* Its stories went: groupers that held them hold them no longer. */
  if (!dossier_store_events_stale (store, error))
    goto fail;
  return finish_with_folders (store, error);

fail:
  dossier_store_rollback (store);
  return FALSE;
}

DossierFeedInfo *
dossier_store_get_feed (DossierStore  *store,
                        gint64         feed_id,
                        GError       **error)
{
  sqlite3_stmt *stmt = dossier_store_prepare (store,
    "SELECT " FEED_COLUMNS " FROM feeds f LEFT JOIN folders d ON d.id = f.folder_id"
    " WHERE f.id = ?1", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, feed_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      DossierFeedInfo *info = feed_from_row (stmt);

      sqlite3_reset (stmt);
      return info;
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    dossier_store_set_no_feed (error, feed_id);
  else
    dossier_store_set_error (store, _("Cannot read the feed"), error);
  return NULL;
}

GPtrArray *
dossier_store_list_feeds (DossierStore  *store,
                          GError       **error)
{
  g_autoptr(GPtrArray) feeds = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_feed_info_free);
  sqlite3_stmt *stmt = dossier_store_prepare (store,
    "SELECT " FEED_COLUMNS " FROM feeds f LEFT JOIN folders d ON d.id = f.folder_id"
    " ORDER BY d.name IS NOT NULL, d.name, COALESCE (f.user_title, f.title, f.url) COLLATE NOCASE, f.id",
    error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (feeds, feed_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dossier_store_set_error (store, _("Cannot list the feeds"), error);
      return NULL;
    }
  return g_steal_pointer (&feeds);
}

GArray *
dossier_store_due_feeds (DossierStore  *store,
                         gint64         now,
                         GError       **error)
{
  sqlite3_stmt *stmt = dossier_store_prepare (store,
    "SELECT id FROM feeds WHERE next_fetch <= ?1 AND status != ?2 ORDER BY next_fetch, id",
    error);
  GArray *ids;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int (stmt, 2, DOSSIER_FEED_STATUS_GONE);
  ids = dossier_store_step_ids (store, stmt, _("Cannot list the feeds"), error);
  sqlite3_reset (stmt);
  return ids;
}

/* Runs a one-row UPDATE of a feed; NOT_FOUND when there is no such feed. */
static gboolean
update_feed (DossierStore  *store,
             sqlite3_stmt  *stmt,
             gint64         feed_id,
             GError       **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      dossier_store_set_error (store, _("Cannot update the feed"), error);
      return FALSE;
    }
  if (sqlite3_changes (store->db) == 0)
    {
      dossier_store_set_no_feed (error, feed_id);
      return FALSE;
    }
  return TRUE;
}

gboolean
dossier_store_set_feed_title (DossierStore  *store,
                              gint64         feed_id,
                              const char    *title,
                              GError       **error)
{
  sqlite3_stmt *stmt;

  if (!dossier_utf8_check (title, _("The title"), error))
    return FALSE;
  stmt = dossier_store_prepare (store, "UPDATE feeds SET user_title = NULLIF (?2, '') WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, feed_id);
  dossier_store_bind_text (stmt, 2, title);
  return update_feed (store, stmt, feed_id, error);
}

gboolean
dossier_store_set_feed_folder (DossierStore  *store,
                               gint64         feed_id,
                               const char    *folder,
                               GError       **error)
{
  sqlite3_stmt *stmt;
  gint64 folder_row;

  if (!dossier_utf8_check (folder, _("The folder"), error) || !dossier_store_begin (store, error))
    return FALSE;
  folder_row = folder_id (store, folder, error);
  if (folder_row < 0)
    goto fail;
  stmt = dossier_store_prepare (store, "UPDATE feeds SET folder_id = NULLIF (?2, 0) WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, feed_id);
  sqlite3_bind_int64 (stmt, 2, folder_row);
  if (!update_feed (store, stmt, feed_id, error))
    goto fail;
  return finish_with_folders (store, error);

fail:
  dossier_store_rollback (store);
  return FALSE;
}

gboolean
dossier_store_set_feed_options (DossierStore  *store,
                                gint64         feed_id,
                                int            interval_minutes,
                                int            retention_days,
                                GError       **error)
{
  sqlite3_stmt *stmt = dossier_store_prepare (store,
    "UPDATE feeds SET interval_minutes = ?2, retention_days = ?3 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, feed_id);
  sqlite3_bind_int (stmt, 2, MAX (interval_minutes, 0));
  sqlite3_bind_int (stmt, 3, retention_days < 0 ? DOSSIER_RETENTION_FOREVER : retention_days);
  return update_feed (store, stmt, feed_id, error);
}

gboolean
dossier_store_set_feed_url (DossierStore  *store,
                            gint64         feed_id,
                            const char    *url,
                            GError       **error)
{
  sqlite3_stmt *stmt;
  gint64 other = dossier_store_find_feed (store, url);

  if (other != 0 && other != feed_id)
    {
      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_EXISTS,
                   _("Already subscribed to %s"), url);
      return FALSE;
    }
  stmt = dossier_store_prepare (store, "UPDATE feeds SET url = ?2, url_key = dossier_url_key (?2) WHERE id = ?1",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, feed_id);
  dossier_store_bind_text (stmt, 2, url);
  return update_feed (store, stmt, feed_id, error);
}

gboolean
dossier_store_set_feed_allow_insecure (DossierStore  *store,
                                       gint64         feed_id,
                                       gboolean       allow,
                                       GError       **error)
{
  sqlite3_stmt *stmt = dossier_store_prepare (store,
    "UPDATE feeds SET allow_insecure = ?2 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, feed_id);
  sqlite3_bind_int (stmt, 2, allow ? 1 : 0);
  return update_feed (store, stmt, feed_id, error);
}

gboolean
dossier_store_set_fetch_state (DossierStore            *store,
                               gint64                   feed_id,
                               const DossierFetchState *state,
                               GError                 **error)
{
  /* A fetch that changed nothing (304) keeps the validators it had. */
  sqlite3_stmt *stmt = dossier_store_prepare (store,
    "UPDATE feeds SET status = ?2, last_error = ?3, etag = COALESCE (?4, etag),"
    " last_modified = COALESCE (?5, last_modified), last_fetched = ?6, next_fetch = ?7,"
    " failures = ?8 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, feed_id);
  sqlite3_bind_int (stmt, 2, state->status);
  dossier_store_bind_text (stmt, 3, state->error_message);
  dossier_store_bind_text (stmt, 4, state->etag);
  dossier_store_bind_text (stmt, 5, state->last_modified);
  dossier_store_bind_date (stmt, 6, state->fetched_at);
  sqlite3_bind_int64 (stmt, 7, state->next_fetch);
  sqlite3_bind_int (stmt, 8, state->failures);
  return update_feed (store, stmt, feed_id, error);
}

/* ---- OPML --------------------------------------------------------------- */

gboolean
dossier_store_import_feeds (DossierStore  *store,
                            GPtrArray     *entries,
                            guint         *added,
                            guint         *existing,
                            GError       **error)
{
  *added = *existing = 0;
  /* Each feed is added in a transaction of its own: a failure half-way
   * keeps those before it, and says so. */
  for (guint i = 0; i < entries->len; i++)
    {
      DossierOpmlEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(GError) local = NULL;

      if (dossier_store_add_feed (store, entry->url, entry->title, entry->folder, &local) != 0)
        (*added)++;
      else if (g_error_matches (local, DOSSIER_ERROR, DOSSIER_ERROR_EXISTS))
        (*existing)++;
      else
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }
  return TRUE;
}

char *
dossier_store_export_opml (DossierStore  *store,
                           const char    *title,
                           guint         *n_feeds,
                           GError       **error)
{
  g_autoptr(GPtrArray) feeds = dossier_store_list_feeds (store, error);
  g_autoptr(GPtrArray) entries = NULL;

  if (feeds == NULL)
    return NULL;
  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_opml_entry_free);
  for (guint i = 0; i < feeds->len; i++)
    {
      DossierFeedInfo *feed = g_ptr_array_index (feeds, i);
      DossierOpmlEntry *entry = g_new0 (DossierOpmlEntry, 1);

      entry->url = g_strdup (feed->url);
      entry->title = g_strdup (feed->title);
      entry->folder = g_strdup (feed->folder);
      g_ptr_array_add (entries, entry);
    }
  if (n_feeds != NULL)
    *n_feeds = entries->len;
  return dossier_opml_write (entries, title);
}

void
dossier_store_set_default_interval (DossierStore *store,
                                    int           minutes)
{
  store->default_interval = MAX (minutes, 0);
}

int
dossier_store_get_default_interval (DossierStore *store)
{
  return store->default_interval;
}
