/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-store"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <string.h>

#include "dossier-date.h"
#include "dossier-error.h"
#include "dossier-store-private.h"
#include "dossier-i18n.h"
#include "dossier-normalize.h"
#include "dossier-tag-edit.h"


/* Related tags are counted over this many of the newest stories of a tag:
 * what it is in the news with lately, at a cost that does not grow with
 * years of stories. */
#define RELATED_WINDOW 10000

/* Stories filed again per transaction: small enough that the GUI and
 * dossier-cli wait little for the write lock. */
#define RETAG_BATCH 1000

#define TAG_COLUMNS \
  "id, slug, kind, name_en, name_ar, description_en, description_ar, parent, user_defined, mentions, events"

void
dossier_article_tag_free (DossierArticleTag *tag)
{
  if (tag == NULL)
    return;
  g_free (tag->slug);
  g_free (tag->kind);
  g_free (tag->aliases);
  g_free (tag);
}

void
dossier_tag_info_free (DossierTagInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->slug);
  g_free (info->kind);
  g_free (info->name_en);
  g_free (info->name_ar);
  g_free (info->description_en);
  g_free (info->description_ar);
  g_free (info->parent);
  g_clear_pointer (&info->aliases, g_ptr_array_unref);
  g_free (info);
}

static DossierTagInfo *
tag_info_from_row (sqlite3_stmt *stmt)
{
  DossierTagInfo *info = g_new0 (DossierTagInfo, 1);

  info->id = sqlite3_column_int64 (stmt, 0);
  info->slug = dossier_store_column_dup (stmt, 1);
  info->kind = dossier_store_column_dup (stmt, 2);
  info->name_en = dossier_store_column_dup (stmt, 3);
  info->name_ar = dossier_store_column_dup (stmt, 4);
  info->description_en = dossier_store_column_dup (stmt, 5);
  info->description_ar = dossier_store_column_dup (stmt, 6);
  info->parent = dossier_store_column_dup (stmt, 7);
  info->user_defined = sqlite3_column_int (stmt, 8);
  info->mentions = MAX (sqlite3_column_int64 (stmt, 9), 0);
  /* 0 from a row without it (related tags count stories together). */
  info->events = MAX (sqlite3_column_int64 (stmt, 10), 0);
  return info;
}

static gboolean
step_done (DossierStore  *store,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      dossier_store_set_error (store, _("Cannot store the entities and topics"), error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* ---- The tagger's bookkeeping ------------------------------------------- */

static char *
state_get (DossierStore *store,
           const char   *key)
{
  sqlite3_stmt *stmt = dossier_store_prepare (store,
    "SELECT value FROM tagger_state WHERE key = ?1", NULL);
  char *value = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = dossier_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

static gboolean
state_set (DossierStore  *store,
           const char    *key,
           const char    *value,
           GError       **error)
{
  sqlite3_stmt *stmt;

  if (value == NULL)
    stmt = dossier_store_prepare (store, "DELETE FROM tagger_state WHERE key = ?1", error);
  else
    stmt = dossier_store_prepare (store,
      "INSERT INTO tagger_state (key, value) VALUES (?1, ?2)"
      " ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (value != NULL)
    sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  return step_done (store, stmt, error);
}

static gint64
scalar (DossierStore *store,
        const char   *sql,
        gint64        bound)
{
  sqlite3_stmt *stmt = dossier_store_prepare (store, sql, NULL);
  gint64 value = 0;

  if (stmt == NULL)
    return 0;
  if (bound != G_MININT64)
    sqlite3_bind_int64 (stmt, 1, bound);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

/* Another process (the GUI, dossier-cli) sees a user edit by this counter
 * and builds its tagger again. */
static gboolean
bump_edits (DossierStore  *store,
            GError       **error)
{
  return dossier_store_exec (store,
    "INSERT INTO tagger_state (key, value) VALUES ('edits', '1')"
    " ON CONFLICT (key) DO UPDATE SET value = CAST (value AS INTEGER) + 1", error);
}

/* Brings the shipped rows of the tags table in line with the catalogue
 * this Dossier ships. A shipped tag that is no longer shipped goes, unless
 * the user gave it aliases of their own: then it becomes theirs. */
static gboolean
sync_catalogue (DossierStore      *store,
                DossierCatalogue  *builtin,
                GError           **error)
{
  g_autofree char *fingerprint = dossier_catalogue_fingerprint (builtin);
  g_autofree char *synced = state_get (store, "catalogue");
  g_autoptr(GString) slugs = g_string_new (NULL);
  sqlite3_stmt *stmt;

  /* A read-only database is read with the catalogue it was written with. */
  if (g_strcmp0 (synced, fingerprint) == 0 || store->read_only)
    return TRUE;

  if (!dossier_store_begin (store, error))
    return FALSE;

  stmt = dossier_store_prepare (store,
    "INSERT INTO tags (slug, kind, name_en, name_ar, description_en, description_ar, parent)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
    " ON CONFLICT (slug) DO UPDATE SET kind = excluded.kind, name_en = excluded.name_en,"
    " name_ar = excluded.name_ar, description_en = excluded.description_en,"
    " description_ar = excluded.description_ar, parent = excluded.parent"
    " WHERE user_defined = 0", error);
  if (stmt == NULL)
    goto fail;
  for (guint i = 0; i < dossier_catalogue_get_n_tags (builtin); i++)
    {
      DossierTagDef *tag = dossier_catalogue_get_tag (builtin, i);

      sqlite3_bind_text (stmt, 1, tag->slug, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, tag->kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, tag->name_en, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, tag->name_ar, -1, SQLITE_STATIC);
      dossier_store_bind_text (stmt, 5, tag->description_en);
      dossier_store_bind_text (stmt, 6, tag->description_ar);
      dossier_store_bind_text (stmt, 7, tag->parent);
      if (!step_done (store, stmt, error))
        goto fail;
      /* Slugs are [a-z0-9-], safe to quote in SQL. */
      g_string_append_printf (slugs, "%s'%s'", slugs->len > 0 ? ", " : "", tag->slug);
    }

  {
    g_autofree char *adopt = g_strdup_printf (
      "UPDATE tags SET user_defined = 1 WHERE user_defined = 0 AND slug NOT IN (%s)"
      " AND id IN (SELECT tag_id FROM tag_aliases);"
      "DELETE FROM tags WHERE user_defined = 0 AND slug NOT IN (%s);",
      slugs->len > 0 ? slugs->str : "''", slugs->len > 0 ? slugs->str : "''");

    if (!dossier_store_exec (store, adopt, error))
      goto fail;
  }

  if (!state_set (store, "catalogue", fingerprint, error) ||
      !dossier_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  dossier_store_rollback (store);
  return FALSE;
}

/* The shipped catalogue plus the user's entities, topics and aliases. */
static DossierCatalogue *
load_catalogue (DossierStore  *store,
                GError       **error)
{
  g_autoptr(DossierCatalogue) catalogue = dossier_catalogue_new_builtin (error);
  sqlite3_stmt *stmt;
  int rc;

  if (catalogue == NULL || !sync_catalogue (store, catalogue, error))
    return NULL;

  stmt = dossier_store_prepare (store,
    "SELECT slug, kind, name_en, name_ar, description_en, description_ar, parent"
    " FROM tags WHERE user_defined = 1 ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *slug = dossier_store_column_dup (stmt, 0);
      g_autofree char *kind = dossier_store_column_dup (stmt, 1);
      g_autofree char *name_en = dossier_store_column_dup (stmt, 2);
      g_autofree char *name_ar = dossier_store_column_dup (stmt, 3);
      guint index = dossier_catalogue_add_tag (catalogue, slug, kind, name_en, name_ar);
      DossierTagDef *tag = dossier_catalogue_get_tag (catalogue, index);

      tag->user_defined = TRUE;
      g_free (tag->description_en);
      g_free (tag->description_ar);
      g_free (tag->parent);
      tag->description_en = dossier_store_column_dup (stmt, 4);
      tag->description_ar = dossier_store_column_dup (stmt, 5);
      tag->parent = dossier_store_column_dup (stmt, 6);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dossier_store_set_error (store, _("Cannot read the entities and topics"), error);
      return NULL;
    }

  stmt = dossier_store_prepare (store,
    "SELECT t.slug, a.alias, a.lang, a.exact FROM tag_aliases a JOIN tags t ON t.id = a.tag_id"
    " ORDER BY t.id, a.rowid", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int index = dossier_catalogue_find (catalogue, (const char *) sqlite3_column_text (stmt, 0));
      g_autofree char *alias = dossier_store_column_dup (stmt, 1);

      if (index >= 0)
        dossier_catalogue_add_alias (catalogue, index, alias, (const char *) sqlite3_column_text (stmt, 2),
                                     sqlite3_column_int (stmt, 3), TRUE);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dossier_store_set_error (store, _("Cannot read the entities and topics"), error);
      return NULL;
    }
  return g_steal_pointer (&catalogue);
}

void
dossier_store_free_tagger (DossierStore *store)
{
  g_clear_pointer (&store->tag_result, dossier_tag_result_free);
  if (store->held_taggers != NULL && store->tagger != NULL)
    g_ptr_array_add (store->held_taggers, g_steal_pointer (&store->tagger));
  g_clear_pointer (&store->tagger, dossier_tagger_free);
  g_clear_pointer (&store->tag_ids, g_free);
  g_clear_pointer (&store->tagger_edits, g_free);
  g_clear_pointer (&store->fingerprint, g_free);
}

DossierTagger *
dossier_store_get_tagger (DossierStore *store)
{
  return store->tagger;
}

void
dossier_store_hold_taggers (DossierStore *store)
{
  if (store->held_taggers == NULL)
    store->held_taggers = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_tagger_free);
}

void
dossier_store_release_taggers (DossierStore *store)
{
  g_clear_pointer (&store->held_taggers, g_ptr_array_unref);
}

/* The tags table holds the shipped catalogue: all that listing and
 * counting need. Building the tagger's automaton as well is most of the
 * time such a read takes at start, and the timeline's reads wait behind
 * it on the shared connection. */
static gboolean
ensure_catalogue (DossierStore  *store,
                  GError       **error)
{
  g_autoptr(DossierCatalogue) builtin = NULL;

  if (store->tagger != NULL || store->catalogue_synced)
    return TRUE;
  builtin = dossier_catalogue_new_builtin (error);
  if (builtin == NULL || !sync_catalogue (store, builtin, error))
    return FALSE;
  store->catalogue_synced = TRUE;
  return TRUE;
}

gboolean
dossier_store_ensure_tagger (DossierStore  *store,
                             GError       **error)
{
  g_autofree char *edits = state_get (store, "edits");
  g_autoptr(DossierCatalogue) catalogue = NULL;
  DossierCatalogue *built;
  sqlite3_stmt *stmt;
  guint n;

  if (store->tagger != NULL && g_strcmp0 (edits, store->tagger_edits) == 0)
    return TRUE;

  catalogue = load_catalogue (store, error);
  if (catalogue == NULL)
    return FALSE;

  dossier_store_free_tagger (store);
  store->tagger = dossier_tagger_new (catalogue);
  store->tag_result = dossier_tag_result_new (store->tagger);
  store->tagger_edits = g_steal_pointer (&edits);
  store->fingerprint = dossier_catalogue_fingerprint (catalogue);
  store->tagger_in_tx = store->tx_depth > 0;
  built = dossier_tagger_get_catalogue (store->tagger);

  n = dossier_catalogue_get_n_tags (built);
  store->tag_ids = g_new0 (gint64, n);
  stmt = dossier_store_prepare (store, "SELECT id FROM tags WHERE slug = ?1", error);
  if (stmt == NULL)
    {
      dossier_store_free_tagger (store);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      sqlite3_bind_text (stmt, 1, dossier_catalogue_get_tag (built, i)->slug, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        store->tag_ids[i] = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }

  /* With no stories yet, every story to come is filed by this tagger at
   * ingest: there is nothing to file again. */
  if (scalar (store, "SELECT NOT EXISTS (SELECT 1 FROM articles)", G_MININT64) == 1)
    {
      g_autofree char *tagged = state_get (store, "tagged_with");

      if (g_strcmp0 (tagged, store->fingerprint) != 0 && !store->read_only &&
          !state_set (store, "tagged_with", store->fingerprint, error))
        {
          dossier_store_free_tagger (store);
          return FALSE;
        }
    }
  return TRUE;
}

/* ---- Filing stories ----------------------------------------------------- */

const char *
dossier_store_story_body (const char *summary,
                          const char *content)
{
  /* The content holds the summary's words as a rule; the summary stands in
   * when there is no content. */
  return content != NULL && content[0] != '\0' ? content : summary;
}

static gboolean
tag_article (DossierStore  *store,
           gint64         article_id,
           const char    *title,
           const char    *summary,
           const char    *content,
           gboolean       replace,
           gboolean       staged,
           GError       **error)
{
  g_autoptr(GArray) matches = NULL;
  guint n;

  g_return_val_if_fail (store->tagger != NULL, FALSE);

  dossier_tagger_run (store->tagger, title, dossier_store_story_body (summary, content), store->tag_result);
  n = dossier_tag_result_get_n_matches (store->tag_result);
  /* A shallow copy: the aliases stay the result's until the next run. */
  matches = g_array_sized_new (FALSE, FALSE, sizeof (DossierTagMatch), n);
  for (guint i = 0; i < n; i++)
    g_array_append_val (matches, *dossier_tag_result_get_match (store->tag_result, i));
  return dossier_store_file_article (store, article_id, (const DossierTagMatch *) matches->data, n,
                                     replace, staged, error);
}

gboolean
dossier_store_tag_article (DossierStore  *store,
                           gint64         article_id,
                           const char    *title,
                           const char    *summary,
                           const char    *content,
                           gboolean       replace,
                           GError       **error)
{
  return tag_article (store, article_id, title, summary, content, replace, FALSE, error);
}

gboolean
dossier_store_tag_staged (DossierStore  *store,
                          gint64         article_id,
                          const char    *title,
                          const char    *summary,
                          const char    *content,
                          gboolean       replace,
                          GError       **error)
{
  return tag_article (store, article_id, title, summary, content, replace, TRUE, error);
}

gboolean
dossier_store_file_article (DossierStore          *store,
                            gint64                 article_id,
                            const DossierTagMatch *matches,
                            guint                  n,
                            gboolean               replace,
                            gboolean               staged,
                            GError               **error)
{
  sqlite3_stmt *stmt;

  /* A staged story keeps its tag rows until the commit writes them. */
  if (staged)
    return dossier_store_stage_tags (store, article_id, matches, n, replace, error);

  if (replace)
    {
      stmt = dossier_store_prepare (store, "DELETE FROM article_tags WHERE article_id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, article_id);
      if (!step_done (store, stmt, error))
        return FALSE;
    }
  if (n == 0)
    return TRUE;

  stmt = dossier_store_prepare (store,
    "INSERT INTO article_tags (tag_id, published, article_id, title_count, body_count, aliases)"
    " SELECT ?1, published, id, ?3, ?4, ?5 FROM articles WHERE id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      const DossierTagMatch *match = &matches[i];

      if (store->tag_ids[match->tag] == 0)
        continue;
      sqlite3_bind_int64 (stmt, 1, store->tag_ids[match->tag]);
      sqlite3_bind_int64 (stmt, 2, article_id);
      sqlite3_bind_int (stmt, 3, match->title_count);
      sqlite3_bind_int (stmt, 4, match->body_count);
      sqlite3_bind_text (stmt, 5, match->aliases, -1, SQLITE_STATIC);
      if (!step_done (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
dossier_store_retag_needed (DossierStore  *store,
                            gboolean      *needed,
                            GError       **error)
{
  g_autofree char *tagged = NULL;

  if (!dossier_store_ensure_tagger (store, error))
    return FALSE;
  tagged = state_get (store, "tagged_with");
  *needed = g_strcmp0 (tagged, store->fingerprint) != 0;
  return TRUE;
}

typedef struct {
  gint64  published;
  guint   title_count;
  guint   body_count;
  char   *aliases;
  gboolean seen;
} StoredTag;

static void
stored_tag_free (StoredTag *tag)
{
  g_free (tag->aliases);
  g_free (tag);
}

/* (article << 20 | tag) keys the rows of a batch; articles stay below
 * 2^29, tags below 2^20. */
#define ROW_KEY(article, tag) (((article) << 20) | ((tag) & 0xFFFFF))

/* In the order of article_tags' key. */
static int
by_tag_key (gconstpointer a,
            gconstpointer b)
{
  const DossierTagRow *x = a, *y = b;

  if (x->tag_id != y->tag_id)
    return x->tag_id < y->tag_id ? -1 : 1;
  if (x->published != y->published)
    return x->published < y->published ? -1 : 1;
  return x->article_id < y->article_id ? -1 : x->article_id > y->article_id;
}

/* Rows written several to a statement: a statement's reset, bindings and
 * start cost as much as a row. */
#define TAG_ROW  "(?, ?, ?, ?, ?, ?)"
#define DAY_ROW  "(?, ?, ?, ?)"
#define DAY_ROWS_LARGE 64
#define DAY_ROWS_SMALL 8

/* Statements of many rows for a batch's tag rows. A statement of several
 * rows into a table with immediate foreign keys may need undoing, so
 * SQLite copies each page it changes into a statement journal first (in
 * memory, a kilobyte at a time) and drops the copy at its end: a third
 * of writing the rows. Neighbouring rows in the key's order share their
 * pages, so the more rows a statement holds, the fewer copies for each.
 * With the keys unchecked (a refresh's flush) the statements say OR FAIL:
 * nothing then asks for a statement journal, and a failure undoes the
 * whole transaction anyway. */
#define TAG_ROWS_LARGE 64
#define TAG_ROWS_SMALL 8

static char *
tag_rows_sql (guint    n,
              gboolean or_fail)
{
  GString *sql = g_string_new (or_fail ? "INSERT OR FAIL INTO article_tags" : "INSERT INTO article_tags");

  g_string_append (sql, " (tag_id, published, article_id, title_count, body_count, aliases) VALUES ");
  for (guint r = 0; r < n; r++)
    g_string_append (sql, r == 0 ? TAG_ROW : ", " TAG_ROW);
  return g_string_free (sql, FALSE);
}

/* The same for the counts of a tag's days, added to those stored. */
static char *
day_rows_sql (guint    n,
              gboolean or_fail)
{
  GString *sql = g_string_new (or_fail ? "INSERT OR FAIL INTO tag_days" : "INSERT INTO tag_days");

  g_string_append (sql, " (tag_id, day, count, events) VALUES ");
  for (guint r = 0; r < n; r++)
    g_string_append (sql, r == 0 ? DAY_ROW : ", " DAY_ROW);
  g_string_append (sql, " ON CONFLICT (tag_id, day) DO UPDATE SET count = count + excluded.count,"
                        " events = events + excluded.events");
  return g_string_free (sql, FALSE);
}

static gboolean
insert_tag_rows (DossierStore         *store,
                 const DossierTagRow  *rows,
                 guint                 n,
                 GError              **error)
{
  /* Made once: the statements are kept by the address of their text.
   * [or_fail][large, small, single] */
  static const char *texts[2][3];
  static gsize made;
  const char * const *sql;

  if (g_once_init_enter (&made))
    {
      for (int f = 0; f < 2; f++)
        {
          texts[f][0] = tag_rows_sql (TAG_ROWS_LARGE, f);
          texts[f][1] = tag_rows_sql (TAG_ROWS_SMALL, f);
          texts[f][2] = tag_rows_sql (1, f);
        }
      g_once_init_leave (&made, 1);
    }
  sql = texts[store->keys_unchecked ? 1 : 0];

  for (guint i = 0; i < n;)
    {
      guint count = n - i >= TAG_ROWS_LARGE ? TAG_ROWS_LARGE : n - i >= TAG_ROWS_SMALL ? TAG_ROWS_SMALL : 1;
      sqlite3_stmt *stmt = dossier_store_prepare (store, count == TAG_ROWS_LARGE ? sql[0]
                                                         : count == TAG_ROWS_SMALL ? sql[1] : sql[2], error);
      int column = 1;

      if (stmt == NULL)
        return FALSE;
      for (guint r = 0; r < count; r++, i++)
        {
          sqlite3_bind_int64 (stmt, column++, rows[i].tag_id);
          sqlite3_bind_int64 (stmt, column++, rows[i].published);
          sqlite3_bind_int64 (stmt, column++, rows[i].article_id);
          sqlite3_bind_int (stmt, column++, rows[i].title_count);
          sqlite3_bind_int (stmt, column++, rows[i].body_count);
          sqlite3_bind_text (stmt, column++, rows[i].aliases, -1, SQLITE_STATIC);
        }
      if (!step_done (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* What the batch adds to each tag's counts and to each of its days',
 * from its rows in order (a tag's days follow each other there). */
static gboolean
count_tag_rows (DossierStore         *store,
                const DossierTagRow  *rows,
                guint                 n,
                GError              **error)
{
  g_autoptr(GArray) days = g_array_new (FALSE, FALSE, sizeof (gint64));
  /* [or_fail][large, small, single], as insert_tag_rows () keeps them. */
  static const char *texts[2][3];
  static gsize made;
  const char * const *sql;
  sqlite3_stmt *stmt;

  if (g_once_init_enter (&made))
    {
      for (int f = 0; f < 2; f++)
        {
          texts[f][0] = day_rows_sql (DAY_ROWS_LARGE, f);
          texts[f][1] = day_rows_sql (DAY_ROWS_SMALL, f);
          texts[f][2] = day_rows_sql (1, f);
        }
      g_once_init_leave (&made, 1);
    }
  sql = texts[store->keys_unchecked ? 1 : 0];

  for (guint i = 0; i < n;)
    {
      gint64 tag_id = rows[i].tag_id;
      gint64 mentions = 0, events = 0;

      while (i < n && rows[i].tag_id == tag_id)
        {
          gint64 day = rows[i].published / 86400;
          gint64 count = 0, leads = 0;

          while (i < n && rows[i].tag_id == tag_id && rows[i].published / 86400 == day)
            {
              count++;
              leads += rows[i].leads;
              i++;
            }
          mentions += count;
          events += leads;
          g_array_append_val (days, tag_id);
          g_array_append_val (days, day);
          g_array_append_val (days, count);
          g_array_append_val (days, leads);
        }
      stmt = dossier_store_prepare (store,
        "UPDATE tags SET mentions = mentions + ?2, events = events + ?3 WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, tag_id);
      sqlite3_bind_int64 (stmt, 2, mentions);
      sqlite3_bind_int64 (stmt, 3, events);
      if (!step_done (store, stmt, error))
        return FALSE;
    }

  for (guint i = 0; i < days->len;)
    {
      guint left = (days->len - i) / 4;
      guint count = left >= DAY_ROWS_LARGE ? DAY_ROWS_LARGE : left >= DAY_ROWS_SMALL ? DAY_ROWS_SMALL : 1;
      int column = 1;

      stmt = dossier_store_prepare (store, count == DAY_ROWS_LARGE ? sql[0]
                                           : count == DAY_ROWS_SMALL ? sql[1] : sql[2], error);
      if (stmt == NULL)
        return FALSE;
      for (guint r = 0; r < count * 4; r++, i++)
        sqlite3_bind_int64 (stmt, column++, g_array_index (days, gint64, i));
      if (!step_done (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* Files a batch's new rows in the order of the table's key, so that each
 * lands beside the one before rather than anywhere in the B-tree, and
 * adds up their counts by tag and by day itself: the row triggers stand
 * aside (dossier_tags_counted ()), which counted them a row at a time and
 * were half of filing a million stories. */
gboolean
dossier_store_insert_tag_rows (DossierStore  *store,
                               GArray        *rows,
                               GError       **error)
{
  gboolean ok;

  g_array_sort (rows, by_tag_key);
  store->tags_counted = TRUE;
  ok = insert_tag_rows (store, (const DossierTagRow *) rows->data, rows->len, error);
  store->tags_counted = FALSE;
  return ok && count_tag_rows (store, (const DossierTagRow *) rows->data, rows->len, error);
}

static void
tag_row_clear (DossierTagRow *row)
{
  g_free (row->aliases);
}

/* One batch: the stories below @next, newest first. Returns the lowest id
 * done, 0 when there was nothing left, -1 on error. */
static gint64
retag_batch (DossierStore  *store,
             gint64         next,
             gint64        *n_done,
             GError       **error)
{
  g_autoptr(GHashTable) stored = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                        (GDestroyNotify) stored_tag_free);
  g_autoptr(GArray) new_rows = g_array_new (FALSE, FALSE, sizeof (DossierTagRow));
  sqlite3_stmt *stmt, *read_stmt;
  gint64 lowest, highest;
  GHashTableIter iter;
  gpointer key, value;
  int rc;

  g_array_set_clear_func (new_rows, (GDestroyNotify) tag_row_clear);
  read_stmt = dossier_store_prepare (store,
    "SELECT id, published, title, summary, COALESCE (full_text, content), event_id IS NULL"
    " FROM articles WHERE id < ?1"
    " ORDER BY id DESC LIMIT " G_STRINGIFY (RETAG_BATCH), error);
  if (read_stmt == NULL)
    return -1;
  sqlite3_bind_int64 (read_stmt, 1, next);
  rc = sqlite3_step (read_stmt);
  if (rc == SQLITE_DONE)
    {
      sqlite3_reset (read_stmt);
      return 0;
    }
  highest = next - 1;
  lowest = G_MAXINT64;

  /* What the batch is filed under now. */
  stmt = dossier_store_prepare (store,
    "SELECT article_id, tag_id, published, title_count, body_count, aliases FROM article_tags"
    " WHERE article_id BETWEEN ?1 AND ?2", error);
  if (stmt == NULL)
    {
      sqlite3_reset (read_stmt);
      return -1;
    }
  {
    /* The batch spans at most RETAG_BATCH ids below @next, but gaps make it
     * wider: read the rows from the batch's lowest id, found first. */
    sqlite3_stmt *low = NULL;
    gint64 low_id = 1;

    if (sqlite3_prepare_v2 (store->db,
          "SELECT min (id) FROM (SELECT id FROM articles WHERE id < ?1 ORDER BY id DESC LIMIT "
          G_STRINGIFY (RETAG_BATCH) ")", -1, &low, NULL) == SQLITE_OK)
      {
        sqlite3_bind_int64 (low, 1, next);
        if (sqlite3_step (low) == SQLITE_ROW)
          low_id = sqlite3_column_int64 (low, 0);
      }
    sqlite3_finalize (low);
    sqlite3_bind_int64 (stmt, 1, low_id);
    sqlite3_bind_int64 (stmt, 2, highest);
  }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 *row_key = g_new (gint64, 1);
      StoredTag *tag = g_new0 (StoredTag, 1);

      *row_key = ROW_KEY (sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1));
      tag->published = sqlite3_column_int64 (stmt, 2);
      tag->title_count = sqlite3_column_int (stmt, 3);
      tag->body_count = sqlite3_column_int (stmt, 4);
      tag->aliases = dossier_store_column_dup (stmt, 5);
      g_hash_table_insert (stored, row_key, tag);
    }
  sqlite3_reset (stmt);

  for (; rc == SQLITE_ROW; rc = sqlite3_step (read_stmt))
    {
      gint64 id = sqlite3_column_int64 (read_stmt, 0);
      gint64 published = sqlite3_column_int64 (read_stmt, 1);
      gboolean leads = sqlite3_column_int (read_stmt, 5);
      guint n;

      lowest = MIN (lowest, id);
      (*n_done)++;
      dossier_tagger_run (store->tagger,
                          (const char *) sqlite3_column_text (read_stmt, 2),
                          dossier_store_story_body ((const char *) sqlite3_column_text (read_stmt, 3),
                                      (const char *) sqlite3_column_text (read_stmt, 4)),
                          store->tag_result);
      n = dossier_tag_result_get_n_matches (store->tag_result);
      for (guint i = 0; i < n; i++)
        {
          const DossierTagMatch *match = dossier_tag_result_get_match (store->tag_result, i);
          gint64 tag_id = store->tag_ids[match->tag];
          gint64 row_key = ROW_KEY (id, tag_id);
          StoredTag *old;

          if (tag_id == 0)
            continue;
          old = g_hash_table_lookup (stored, &row_key);
          if (old != NULL)
            {
              old->seen = TRUE;
              if (old->published == published && old->title_count == match->title_count &&
                  old->body_count == match->body_count &&
                  g_strcmp0 (old->aliases, match->aliases) == 0)
                continue;
              if (old->published == published)
                {
                  /* Same place in the index: an update keeps the counts. */
                  stmt = dossier_store_prepare (store,
                    "UPDATE article_tags SET title_count = ?4, body_count = ?5, aliases = ?6"
                    " WHERE tag_id = ?1 AND published = ?2 AND article_id = ?3", error);
                  if (stmt == NULL)
                    goto fail;
                  sqlite3_bind_int64 (stmt, 1, tag_id);
                  sqlite3_bind_int64 (stmt, 2, published);
                  sqlite3_bind_int64 (stmt, 3, id);
                  sqlite3_bind_int (stmt, 4, match->title_count);
                  sqlite3_bind_int (stmt, 5, match->body_count);
                  sqlite3_bind_text (stmt, 6, match->aliases, -1, SQLITE_STATIC);
                  if (!step_done (store, stmt, error))
                    goto fail;
                  continue;
                }
              old->seen = FALSE;   /* deleted below, then inserted */
            }

          {
            DossierTagRow row = { tag_id, published, id, match->title_count, match->body_count, leads,
                                  g_strdup (match->aliases) };

            g_array_append_val (new_rows, row);
          }
        }
    }
  sqlite3_reset (read_stmt);
  if (rc != SQLITE_DONE)
    {
      dossier_store_set_error (store, _("Cannot read the stories"), error);
      return -1;
    }

  /* What the story is no longer filed under. */
  stmt = dossier_store_prepare (store,
    "DELETE FROM article_tags WHERE tag_id = ?1 AND published = ?2 AND article_id = ?3", error);
  if (stmt == NULL)
    return -1;
  g_hash_table_iter_init (&iter, stored);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 row_key = *(gint64 *) key;
      StoredTag *old = value;

      if (old->seen)
        continue;
      sqlite3_bind_int64 (stmt, 1, row_key & 0xFFFFF);
      sqlite3_bind_int64 (stmt, 2, old->published);
      sqlite3_bind_int64 (stmt, 3, row_key >> 20);
      if (!step_done (store, stmt, error))
        return -1;
    }
  if (!dossier_store_insert_tag_rows (store, new_rows, error))
    return -1;
  return lowest;

fail:
  sqlite3_reset (read_stmt);
  return -1;
}

gboolean
dossier_store_retag (DossierStore          *store,
                     DossierRetagProgress   progress,
                     gpointer               user_data,
                     GError               **error)
{
  g_autofree char *tagged = NULL;
  g_autofree char *target = NULL;
  g_autofree char *next_text = NULL;
  gint64 next, total, done;

  if (!dossier_store_ensure_tagger (store, error))
    return FALSE;
  tagged = state_get (store, "tagged_with");
  if (g_strcmp0 (tagged, store->fingerprint) == 0)
    return TRUE;

  /* A run for the same catalogue resumes where it stopped; a run for an
   * older one starts again from the newest story. */
  target = state_get (store, "retag_target");
  next_text = state_get (store, "retag_next");
  if (g_strcmp0 (target, store->fingerprint) != 0 || next_text == NULL)
    {
      g_autofree char *top = NULL;

      if (!dossier_store_begin (store, error))
        return FALSE;
      top = g_strdup_printf ("%" G_GINT64_FORMAT,
                             scalar (store, "SELECT COALESCE (max (id), 0) + 1 FROM articles", G_MININT64));
      if (!state_set (store, "retag_target", store->fingerprint, error) ||
          !state_set (store, "retag_next", top, error) ||
          !dossier_store_commit (store, error))
        {
          dossier_store_rollback (store);
          return FALSE;
        }
      g_free (next_text);
      next_text = g_steal_pointer (&top);
    }
  next = g_ascii_strtoll (next_text, NULL, 10);
  total = scalar (store, "SELECT count(*) FROM articles", G_MININT64);
  done = scalar (store, "SELECT count(*) FROM articles WHERE id >= ?1", next);

  for (;;)
    {
      g_autofree char *position = NULL;
      gint64 lowest;

      if (!dossier_store_begin (store, error))
        return FALSE;
      lowest = retag_batch (store, next, &done, error);
      if (lowest < 0)
        {
          dossier_store_rollback (store);
          return FALSE;
        }
      if (lowest == 0)
        {
          if (!state_set (store, "tagged_with", store->fingerprint, error) ||
              !state_set (store, "retag_target", NULL, error) ||
              !state_set (store, "retag_next", NULL, error) ||
              !dossier_store_commit (store, error))
            {
              dossier_store_rollback (store);
              return FALSE;
            }
          if (progress != NULL)
            progress (total, total, user_data);
          return TRUE;
        }

      position = g_strdup_printf ("%" G_GINT64_FORMAT, lowest);
      if (!state_set (store, "retag_next", position, error) ||
          !dossier_store_commit (store, error))
        {
          dossier_store_rollback (store);
          return FALSE;
        }
      next = lowest;
      if (progress != NULL && !progress (MIN (done, total), total, user_data))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                       _("Filing the stories again was stopped; it goes on from here next time"));
          return FALSE;
        }
    }
}

/* ---- The user's entities and topics ------------------------------------- */

static gint64
find_tag (DossierStore  *store,
          const char    *slug,
          gboolean      *user_defined,
          GError       **error)
{
  sqlite3_stmt *stmt = dossier_store_prepare (store,
    "SELECT id, user_defined FROM tags WHERE slug = ?1", error);
  gint64 id = 0;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, slug, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0);
      if (user_defined != NULL)
        *user_defined = sqlite3_column_int (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (id == 0)
    {
      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_NOT_FOUND,
                   _("There is no entity or topic “%s”"), slug);
      return -1;
    }
  return id;
}

/* Runs @sql's single step and bumps the edits counter, in one transaction. */
static gboolean
finish_edit (DossierStore  *store,
             sqlite3_stmt  *stmt,
             GError       **error)
{
  if (!step_done (store, stmt, error) ||
      !bump_edits (store, error) ||
      !dossier_store_commit (store, error))
    {
      dossier_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

/* Opens the transaction of an edit (@removing: a removal) of the user's
 * own @slug and returns its id; -1, rolled back, when there is no such
 * tag or it comes with Dossier. */
static gint64
begin_user_tag_edit (DossierStore  *store,
                     const char    *slug,
                     gboolean       removing,
                     GError       **error)
{
  gboolean user_defined = FALSE;
  gint64 id;

  if (!dossier_store_ensure_tagger (store, error) || !dossier_store_begin (store, error))
    return -1;
  id = find_tag (store, slug, &user_defined, error);
  if (id >= 0 && !user_defined)
    {
      if (removing)
        g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID,
                     _("“%s” comes with Dossier and cannot be removed; remove your own aliases from it instead"),
                     slug);
      else
        g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID,
                     _("“%s” comes with Dossier: only aliases can be added to it"), slug);
      id = -1;
    }
  if (id < 0)
    dossier_store_rollback (store);
  return id;
}

gboolean
dossier_store_add_tag (DossierStore  *store,
                       const char    *slug,
                       const char    *kind,
                       const char    *name_en,
                       const char    *name_ar,
                       const char    *description_en,
                       const char    *description_ar,
                       GError       **error)
{
  sqlite3_stmt *stmt;

  if (!dossier_slug_is_valid (slug))
    {
      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID,
                   _("“%s” is not a valid slug: use lower-case letters, digits and hyphens"),
                   slug != NULL ? slug : "");
      return FALSE;
    }
  if (!dossier_tag_kind_from_string (kind, NULL))
    {
      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID,
                   _("“%s” is not a kind of entity: use company, agency, organization, person, product or place"),
                   kind != NULL ? kind : "");
      return FALSE;
    }
  if (name_en == NULL || g_utf8_strlen (name_en, -1) == 0)
    {
      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID, _("A name is needed"));
      return FALSE;
    }
  /* The shipped rows exist before a user slug can collide with them. */
  if (!dossier_store_ensure_tagger (store, error) || !dossier_store_begin (store, error))
    return FALSE;
  if (find_tag (store, slug, NULL, NULL) > 0)
    {
      dossier_store_rollback (store);
      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_EXISTS,
                   _("There is already an entity or topic “%s”"), slug);
      return FALSE;
    }
  stmt = dossier_store_prepare (store,
    "INSERT INTO tags (slug, kind, name_en, name_ar, description_en, description_ar, user_defined)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1)", error);
  if (stmt == NULL)
    {
      dossier_store_rollback (store);
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, slug, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, name_en, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, name_ar != NULL && name_ar[0] != '\0' ? name_ar : name_en, -1, SQLITE_STATIC);
  dossier_store_bind_text (stmt, 5, description_en);
  dossier_store_bind_text (stmt, 6, description_ar);
  return finish_edit (store, stmt, error);
}

gboolean
dossier_store_edit_tag (DossierStore  *store,
                        const char    *slug,
                        const char    *name_en,
                        const char    *name_ar,
                        const char    *description_en,
                        const char    *description_ar,
                        GError       **error)
{
  sqlite3_stmt *stmt;
  gint64 id;

  id = begin_user_tag_edit (store, slug, FALSE, error);
  if (id < 0)
    return FALSE;
  if (name_en != NULL && name_en[0] == '\0')
    {
      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID, _("A name is needed"));
      goto fail;
    }
  stmt = dossier_store_prepare (store,
    "UPDATE tags SET name_en = COALESCE (?2, name_en), name_ar = COALESCE (?3, name_ar),"
    " description_en = iif (?4 IS NULL, description_en, NULLIF (?4, '')),"
    " description_ar = iif (?5 IS NULL, description_ar, NULLIF (?5, ''))"
    " WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  dossier_store_bind_text (stmt, 2, name_en);
  dossier_store_bind_text (stmt, 3, name_ar);
  dossier_store_bind_text (stmt, 4, description_en);
  dossier_store_bind_text (stmt, 5, description_ar);
  return finish_edit (store, stmt, error);

fail:
  dossier_store_rollback (store);
  return FALSE;
}

gboolean
dossier_store_remove_tag (DossierStore  *store,
                          const char    *slug,
                          GError       **error)
{
  sqlite3_stmt *stmt;
  gint64 id;

  id = begin_user_tag_edit (store, slug, TRUE, error);
  if (id < 0)
    return FALSE;
  stmt = dossier_store_prepare (store, "DELETE FROM tags WHERE id = ?1", error);
  if (stmt == NULL)
    {
      dossier_store_rollback (store);
      return FALSE;
    }
  sqlite3_bind_int64 (stmt, 1, id);
  return finish_edit (store, stmt, error);
}

static const char *
guess_lang (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      if (ch >= 0x0600 && ch <= 0x06FF)
        return "ar";
      if (ch >= 0x3400 && ch <= 0x9FFF)
        return "zh";
    }
  return "en";
}

gboolean
dossier_store_add_tag_alias (DossierStore  *store,
                             const char    *slug,
                             const char    *alias,
                             const char    *lang,
                             gboolean       exact_case,
                             GError       **error)
{
  g_autofree char *clean = g_strstrip (g_strdup (alias != NULL ? alias : ""));
  sqlite3_stmt *stmt;
  gint64 id;

  if (!g_utf8_validate (clean, -1, NULL) || g_utf8_strlen (clean, -1) < 2 ||
      strlen (clean) > 200)
    {
      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID,
                   _("An alias needs two characters or more (and at most 200 bytes)"));
      return FALSE;
    }
  if (!dossier_store_ensure_tagger (store, error) || !dossier_store_begin (store, error))
    return FALSE;
  id = find_tag (store, slug, NULL, error);
  if (id < 0)
    {
      dossier_store_rollback (store);
      return FALSE;
    }
  stmt = dossier_store_prepare (store,
    "INSERT INTO tag_aliases (tag_id, alias, lang, exact) VALUES (?1, ?2, ?3, ?4)"
    " ON CONFLICT (tag_id, alias) DO UPDATE SET lang = excluded.lang, exact = excluded.exact", error);
  if (stmt == NULL)
    {
      dossier_store_rollback (store);
      return FALSE;
    }
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, clean, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, lang != NULL ? lang : guess_lang (clean), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, exact_case ? 1 : 0);
  return finish_edit (store, stmt, error);
}

gboolean
dossier_store_remove_tag_alias (DossierStore  *store,
                                const char    *slug,
                                const char    *alias,
                                GError       **error)
{
  sqlite3_stmt *stmt;
  gint64 id;

  if (!dossier_store_ensure_tagger (store, error) || !dossier_store_begin (store, error))
    return FALSE;
  id = find_tag (store, slug, NULL, error);
  if (id < 0)
    goto fail;
  stmt = dossier_store_prepare (store,
    "DELETE FROM tag_aliases WHERE tag_id = ?1 AND alias = ?2", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, alias, -1, SQLITE_STATIC);
  if (!step_done (store, stmt, error))
    goto fail;
  if (sqlite3_changes (store->db) == 0)
    {
      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_NOT_FOUND,
                   _("“%s” has no alias “%s” of yours"), slug, alias);
      goto fail;
    }
  if (!bump_edits (store, error) || !dossier_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  dossier_store_rollback (store);
  return FALSE;
}

/* ---- Queries ------------------------------------------------------------ */

GPtrArray *
dossier_store_list_tags (DossierStore      *store,
                         DossierTagFilter   filter,
                         GError           **error)
{
  g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_tag_info_free);
  const char *sql;
  sqlite3_stmt *stmt;
  int rc;

  if (!ensure_catalogue (store, error))
    return NULL;

  switch (filter)
    {
    case DOSSIER_TAG_FILTER_ENTITIES:
      sql = "SELECT " TAG_COLUMNS " FROM tags WHERE kind != 'topic' ORDER BY mentions DESC, slug";
      break;
    case DOSSIER_TAG_FILTER_TOPICS:
      sql = "SELECT " TAG_COLUMNS " FROM tags WHERE kind = 'topic' ORDER BY mentions DESC, slug";
      break;
    case DOSSIER_TAG_FILTER_ALL:
    default:
      sql = "SELECT " TAG_COLUMNS " FROM tags ORDER BY mentions DESC, slug";
      break;
    }
  stmt = dossier_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (tags, tag_info_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dossier_store_set_error (store, _("Cannot read the entities and topics"), error);
      return NULL;
    }
  return g_steal_pointer (&tags);
}

DossierTagInfo *
dossier_store_get_tag (DossierStore  *store,
                       const char    *slug,
                       GError       **error)
{
  g_autoptr(DossierTagInfo) info = NULL;
  DossierCatalogue *catalogue;
  sqlite3_stmt *stmt;
  int index;

  if (!dossier_store_ensure_tagger (store, error))
    return NULL;
  stmt = dossier_store_prepare (store, "SELECT " TAG_COLUMNS " FROM tags WHERE slug = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, slug, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    info = tag_info_from_row (stmt);
  sqlite3_reset (stmt);
  if (info == NULL)
    {
      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_NOT_FOUND,
                   _("There is no entity or topic “%s”"), slug);
      return NULL;
    }

  info->aliases = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_alias_free);
  catalogue = dossier_tagger_get_catalogue (store->tagger);
  index = dossier_catalogue_find (catalogue, slug);
  if (index >= 0)
    {
      DossierTagDef *tag = dossier_catalogue_get_tag (catalogue, index);

      for (guint i = 0; i < tag->aliases->len; i++)
        g_ptr_array_add (info->aliases, dossier_alias_copy (g_ptr_array_index (tag->aliases, i)));
    }
  return g_steal_pointer (&info);
}

static gboolean
same_name (const char *normalized,
           const char *name)
{
  g_autofree char *other = NULL;

  if (name == NULL || *name == '\0')
    return FALSE;
  other = dossier_normalize (name, -1);
  return other != NULL && g_str_equal (normalized, other);
}

const char *
dossier_tag_info_get_name (const DossierTagInfo *info)
{
  if (dossier_i18n_prefers_arabic () && info->name_ar != NULL && *info->name_ar)
    return info->name_ar;
  return info->name_en != NULL && *info->name_en ? info->name_en : info->slug;
}

const char *
dossier_tag_info_get_other_name (const DossierTagInfo *info)
{
  const char *other = dossier_i18n_prefers_arabic () ? info->name_en : info->name_ar;

  if (other == NULL || *other == '\0' || g_strcmp0 (other, dossier_tag_info_get_name (info)) == 0)
    return NULL;
  return other;
}

DossierTagInfo *
dossier_store_find_tag_named (DossierStore  *store,
                              const char    *text,
                              GError       **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autofree char *normalized = NULL;
  DossierCatalogue *catalogue;

  if (!dossier_store_ensure_tagger (store, error))
    return NULL;
  normalized = dossier_normalize (stripped, -1);
  if (normalized == NULL || *normalized == '\0')
    return NULL;
  catalogue = dossier_tagger_get_catalogue (store->tagger);
  /* A few hundred names and aliases: compared in full, as the user typed
   * them, in either language. */
  for (guint i = 0; i < dossier_catalogue_get_n_tags (catalogue); i++)
    {
      DossierTagDef *tag = dossier_catalogue_get_tag (catalogue, i);
      gboolean found = same_name (normalized, tag->name_en) || same_name (normalized, tag->name_ar) ||
                       g_str_equal (stripped, tag->slug);

      for (guint j = 0; !found && j < tag->aliases->len; j++)
        found = same_name (normalized, ((DossierAlias *) g_ptr_array_index (tag->aliases, j))->text);
      if (found)
        return dossier_store_get_tag (store, tag->slug, error);
    }
  return NULL;
}

/* The first day of the period holding @day (days since 1970-01-01). */
static gint64
period_start (gint64        day,
              DossierPeriod period)
{
  switch (period)
    {
    case DOSSIER_PERIOD_WEEK:
      /* 1970-01-01 was a Thursday; weeks start on Monday. */
      return day - (((day + 3) % 7) + 7) % 7;
    case DOSSIER_PERIOD_MONTH:
      {
        g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (day * 86400);
        g_autoptr(GDateTime) first = g_date_time_new_utc (g_date_time_get_year (date),
                                                          g_date_time_get_month (date), 1, 0, 0, 0);

        return g_date_time_to_unix (first) / 86400;
      }
    case DOSSIER_PERIOD_DAY:
    default:
      return day;
    }
}

static gint64
period_next (gint64        start,
             DossierPeriod period)
{
  switch (period)
    {
    case DOSSIER_PERIOD_WEEK:
      return start + 7;
    case DOSSIER_PERIOD_MONTH:
      {
        g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (start * 86400);
        g_autoptr(GDateTime) next = g_date_time_add_months (date, 1);

        return g_date_time_to_unix (next) / 86400;
      }
    case DOSSIER_PERIOD_DAY:
    default:
      return start + 1;
    }
}

static gint64
floor_day (gint64 seconds)
{
  return seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
}

GArray *
dossier_store_tag_counts (DossierStore   *store,
                          const char     *slug,
                          DossierPeriod   period,
                          gint64          since,
                          gint64          until,
                          GError        **error)
{
  return dossier_store_tag_counts_full (store, slug, period, since, until, FALSE, error);
}

GArray *
dossier_store_tag_counts_full (DossierStore   *store,
                               const char     *slug,
                               DossierPeriod   period,
                               gint64          since,
                               gint64          until,
                               gboolean        events,
                               GError        **error)
{
  g_autoptr(GArray) counts = g_array_new (FALSE, FALSE, sizeof (DossierTagCount));
  g_autoptr(GHashTable) by_period = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (guint));
  sqlite3_stmt *stmt;
  gint64 tag_id, first = G_MAXINT64, last = G_MININT64;
  int rc;

  if (!ensure_catalogue (store, error))
    return NULL;
  tag_id = find_tag (store, slug, NULL, error);
  if (tag_id < 0)
    return NULL;

  /* Days are summed in SQL; periods are cut in C, the same way for days
   * with and without mentions. */
  stmt = dossier_store_prepare (store, events
    ? "SELECT day, events FROM tag_days WHERE tag_id = ?1 AND day >= ?2 AND day < ?3 AND events > 0 ORDER BY day"
    : "SELECT day, count FROM tag_days WHERE tag_id = ?1 AND day >= ?2 AND day < ?3 AND count > 0 ORDER BY day",
    error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, tag_id);
  sqlite3_bind_int64 (stmt, 2, since != DOSSIER_DATE_NONE ? floor_day (since) : G_MININT64);
  sqlite3_bind_int64 (stmt, 3, until != DOSSIER_DATE_NONE ? floor_day (until - 1) + 1 : G_MAXINT64);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 start = period_start (sqlite3_column_int64 (stmt, 0), period);
      guint count = sqlite3_column_int (stmt, 1);

      if (keys->len > 0 && g_array_index (keys, gint64, keys->len - 1) == start)
        g_array_index (values, guint, values->len - 1) += count;
      else
        {
          g_array_append_val (keys, start);
          g_array_append_val (values, count);
        }
      first = MIN (first, start);
      last = MAX (last, start);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dossier_store_set_error (store, _("Cannot count the mentions"), error);
      return NULL;
    }

  if (since != DOSSIER_DATE_NONE)
    first = period_start (floor_day (since), period);
  if (until != DOSSIER_DATE_NONE)
    last = period_start (floor_day (until - 1), period);
  if (first > last)
    return g_steal_pointer (&counts);

  for (guint i = 0; i < keys->len; i++)
    g_hash_table_insert (by_period, &g_array_index (keys, gint64, i),
                         &g_array_index (values, guint, i));
  for (gint64 start = first; start <= last; start = period_next (start, period))
    {
      guint *count = g_hash_table_lookup (by_period, &start);
      DossierTagCount entry = { start * 86400, count != NULL ? *count : 0 };

      g_array_append_val (counts, entry);
    }
  return g_steal_pointer (&counts);
}

GPtrArray *
dossier_store_related_tags (DossierStore  *store,
                            const char    *slug,
                            gint64         since,
                            guint          limit,
                            GError       **error)
{
  g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_tag_info_free);
  sqlite3_stmt *stmt;
  gint64 tag_id;
  int rc;

  if (!ensure_catalogue (store, error))
    return NULL;
  tag_id = find_tag (store, slug, NULL, error);
  if (tag_id < 0)
    return NULL;

  stmt = dossier_store_prepare (store,
    "SELECT t.id, t.slug, t.kind, t.name_en, t.name_ar, t.description_en, t.description_ar,"
    " t.parent, t.user_defined, count(*) AS together"
    " FROM (SELECT article_id FROM article_tags WHERE tag_id = ?1 AND published >= ?2"
    "       ORDER BY published DESC LIMIT " G_STRINGIFY (RELATED_WINDOW) ") a"
    " JOIN article_tags b ON b.article_id = a.article_id AND b.tag_id != ?1"
    " JOIN tags t ON t.id = b.tag_id"
    " GROUP BY b.tag_id ORDER BY together DESC, t.slug LIMIT ?3", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, tag_id);
  sqlite3_bind_int64 (stmt, 2, since != DOSSIER_DATE_NONE ? since : G_MININT64);
  sqlite3_bind_int64 (stmt, 3, limit > 0 ? (gint64) limit : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (tags, tag_info_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dossier_store_set_error (store, _("Cannot read the entities and topics"), error);
      return NULL;
    }
  return g_steal_pointer (&tags);
}

void
dossier_alias_hit_free (DossierAliasHit *hit)
{
  if (hit == NULL)
    return;
  g_free (hit->alias);
  g_free (hit->entity);
  g_free (hit);
}

static int
compare_alias_hits (gconstpointer a,
                    gconstpointer b)
{
  const DossierAliasHit *x = *(DossierAliasHit **) a;
  const DossierAliasHit *y = *(DossierAliasHit **) b;

  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return g_strcmp0 (x->alias, y->alias);
}

GPtrArray *
dossier_store_tag_alias_hits (DossierStore  *store,
                              const char    *slug,
                              gint64         since,
                              GError       **error)
{
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_alias_hit_free);
  GHashTableIter iter;
  gpointer key, value;
  sqlite3_stmt *stmt;
  gint64 tag_id;
  int rc;

  if (!dossier_store_ensure_tagger (store, error))
    return NULL;
  tag_id = find_tag (store, slug, NULL, error);
  if (tag_id < 0)
    return NULL;

  /* Each link row keeps the names found in its story, one a line; a
   * story counts once per name however often the name occurs. */
  stmt = dossier_store_prepare (store,
    "SELECT aliases FROM article_tags WHERE tag_id = ?1 AND published >= ?2"
    " ORDER BY published DESC LIMIT " G_STRINGIFY (RELATED_WINDOW), error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, tag_id);
  sqlite3_bind_int64 (stmt, 2, since != DOSSIER_DATE_NONE ? since : G_MININT64);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, 0);
      g_auto(GStrv) names = NULL;

      if (text == NULL)
        continue;
      names = g_strsplit (text, "\n", -1);
      for (guint i = 0; names[i] != NULL; i++)
        {
          if (*names[i] == '\0')
            continue;
          if (g_hash_table_lookup_extended (counts, names[i], NULL, &value))
            g_hash_table_insert (counts, g_strdup (names[i]), GUINT_TO_POINTER (GPOINTER_TO_UINT (value) + 1));
          else
            g_hash_table_insert (counts, g_strdup (names[i]), GUINT_TO_POINTER (1));
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dossier_store_set_error (store, _("Cannot read the entities and topics"), error);
      return NULL;
    }

  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      DossierAliasHit *hit = g_new0 (DossierAliasHit, 1);
      const char *entity = dossier_tag_why_entity (key);

      hit->count = GPOINTER_TO_UINT (value);
      if (entity != NULL)
        {
          /* An entity that was evidence: shown by its name. */
          DossierCatalogue *catalogue = dossier_tagger_get_catalogue (store->tagger);
          int index = dossier_catalogue_find (catalogue, entity);
          DossierTagDef *tag = index >= 0 ? dossier_catalogue_get_tag (catalogue, index) : NULL;

          hit->entity = g_strdup (entity);
          if (tag != NULL && dossier_i18n_prefers_arabic () && tag->name_ar != NULL)
            hit->alias = g_strdup (tag->name_ar);
          else
            hit->alias = g_strdup (tag != NULL ? tag->name_en : entity);
        }
      else
        hit->alias = g_strdup (key);
      g_ptr_array_add (hits, hit);
    }
  g_ptr_array_sort (hits, compare_alias_hits);
  return g_steal_pointer (&hits);
}
