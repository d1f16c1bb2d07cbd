/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-store"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "dossier-error.h"
#include "dossier-parser-private.h"
#include "dossier-store-private.h"
#include "dossier-store-events.h"
#include "dossier-normalize.h"
#include "dossier-search.h"

#define ARTICLE_COLUMNS \
  "a.id, a.feed_id, COALESCE (f.user_title, f.title, f.url), a.title, a.link," \
  " a.author, a.published, a.updated, a.summary, COALESCE (a.lang, f.language)," \
  " a.read, a.starred, a.undated"

/* Ids per "IN (...)" list: well under SQLite's limit on bound values. */
#define IN_CHUNK 500

void
dossier_article_source_free (DossierArticleSource *source)
{
  if (source == NULL)
    return;
  g_free (source->feed_title);
  g_free (source);
}

void
dossier_article_free (DossierArticle *article)
{
  if (article == NULL)
    return;
  g_free (article->feed_title);
  g_free (article->title);
  g_free (article->link);
  g_free (article->author);
  g_free (article->summary);
  g_free (article->lang);
  g_strfreev (article->entities);
  g_strfreev (article->topics);
  g_free (article->content);
  g_strfreev (article->categories);
  g_free (article->enclosures_json);
  g_free (article->date_text);
  g_free (article->feed_url);
  g_clear_pointer (&article->sources, g_ptr_array_unref);
  g_clear_pointer (&article->tag_matches, g_ptr_array_unref);
  g_free (article->event_languages);
  g_free (article->event_title);
  g_free (article);
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

char *
dossier_article_lead_image (const DossierArticle *article)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;
  JsonArray *enclosures;

  g_return_val_if_fail (article != NULL, NULL);

  if (article->enclosures_json == NULL)
    return NULL;
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, article->enclosures_json, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return NULL;

  enclosures = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (enclosures); i++)
    {
      JsonNode *node = json_array_get_element (enclosures, i);
      JsonObject *enclosure;
      const char *url, *type;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      enclosure = json_node_get_object (node);
      url = string_member (enclosure, "url");
      type = string_member (enclosure, "type");
      if (!dossier_parser_is_web_link (url))
        continue;
      if (type != NULL && type[0] != '\0')
        {
          if (g_ascii_strncasecmp (type, "image/", 6) == 0)
            return g_strdup (url);
        }
      else if (dossier_parser_image_type_from_url (url) != NULL)
        return g_strdup (url);
    }
  return NULL;
}

static DossierArticle *
article_from_row (sqlite3_stmt *stmt)
{
  DossierArticle *article = g_new0 (DossierArticle, 1);

  article->id = sqlite3_column_int64 (stmt, 0);
  article->feed_id = sqlite3_column_int64 (stmt, 1);
  article->feed_title = dossier_store_column_dup (stmt, 2);
  article->title = dossier_store_column_dup (stmt, 3);
  article->link = dossier_store_column_dup (stmt, 4);
  article->author = dossier_store_column_dup (stmt, 5);
  article->published = sqlite3_column_int64 (stmt, 6);
  article->updated = dossier_store_column_date (stmt, 7);
  article->summary = dossier_store_column_dup (stmt, 8);
  article->lang = dossier_store_column_dup (stmt, 9);
  article->read = sqlite3_column_int (stmt, 10);
  article->starred = sqlite3_column_int (stmt, 11);
  article->undated = sqlite3_column_int (stmt, 12);
  return article;
}

/* ---- Merging a parsed feed ---------------------------------------------- */

/* FNV-1a over the fields a reader sees: a change to any of them is an
 * update of the story. */
static guint64
hash_field (guint64     hash,
            const char *text)
{
  if (text != NULL)
    for (const guchar *p = (const guchar *) text; *p; p++)
      hash = (hash ^ *p) * G_GUINT64_CONSTANT (1099511628211);
  /* A separator, so that moving text between fields changes the hash. */
  return (hash ^ 0xFF) * G_GUINT64_CONSTANT (1099511628211);
}

static gint64
item_hash (const DossierParsedItem *item)
{
  guint64 hash = G_GUINT64_CONSTANT (14695981039346656037);
  char dates[64];

  hash = hash_field (hash, item->title);
  hash = hash_field (hash, item->link);
  hash = hash_field (hash, item->author);
  hash = hash_field (hash, item->summary);
  hash = hash_field (hash, item->content);
  g_snprintf (dates, sizeof dates, "%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
              item->published, item->updated);
  hash = hash_field (hash, dates);
  for (guint i = 0; item->categories != NULL && i < item->categories->len; i++)
    hash = hash_field (hash, g_ptr_array_index (item->categories, i));
  for (guint i = 0; item->enclosures != NULL && i < item->enclosures->len; i++)
    hash = hash_field (hash, ((DossierEnclosure *) g_ptr_array_index (item->enclosures, i))->url);
  return (gint64) hash;
}

static char *
categories_json (const DossierParsedItem *item)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;

  if (item->categories == NULL || item->categories->len == 0)
    return NULL;
  builder = json_builder_new ();
  json_builder_begin_array (builder);
  for (guint i = 0; i < item->categories->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (item->categories, i));
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static char *
enclosures_json (const DossierParsedItem *item)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;

  if (item->enclosures == NULL || item->enclosures->len == 0)
    return NULL;
  builder = json_builder_new ();
  json_builder_begin_array (builder);
  for (guint i = 0; i < item->enclosures->len; i++)
    {
      const DossierEnclosure *e = g_ptr_array_index (item->enclosures, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, e->url);
      json_builder_set_member_name (builder, "type");
      if (e->type != NULL)
        json_builder_add_string_value (builder, e->type);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "length");
      if (e->length >= 0)
        json_builder_add_int_value (builder, e->length);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static gboolean
step_done (DossierStore  *store,
           sqlite3_stmt  *stmt,
           const char    *what,
           GError       **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      dossier_store_set_error (store, what, error);
      return FALSE;
    }
  return TRUE;
}

/* The parameters the insert and the update of an article share: ?1 the
 * feed (insert) or the article (update), ?2 .. ?12 what the item says. */
static void
bind_item (sqlite3_stmt            *stmt,
           gint64                   row,
           const DossierParsedItem *item,
           const char              *lang,
           const char              *categories,
           const char              *enclosures,
           gint64                   hash)
{
  sqlite3_bind_int64 (stmt, 1, row);
  dossier_store_bind_text (stmt, 2, item->link);
  dossier_store_bind_text (stmt, 3, item->title);
  dossier_store_bind_text (stmt, 4, item->author);
  dossier_store_bind_text (stmt, 5, item->summary);
  dossier_store_bind_text (stmt, 6, item->content);
  dossier_store_bind_text (stmt, 7, lang);
  dossier_store_bind_text (stmt, 8, categories);
  dossier_store_bind_text (stmt, 9, enclosures);
  dossier_store_bind_date (stmt, 10, item->published);
  dossier_store_bind_date (stmt, 11, item->updated);
  sqlite3_bind_int64 (stmt, 12, hash);
}

/* ---- Preparing items off the writer's thread --------------------------- */

static void
prepared_item_clear (DossierPreparedItem *prepared)
{
  g_free (prepared->categories);
  g_free (prepared->enclosures);
  g_free (prepared->index_title);
  g_free (prepared->index_summary);
  g_free (prepared->index_content);
  g_clear_pointer (&prepared->group, dossier_group_features_unref);
  if (prepared->matches != NULL)
    {
      for (guint i = 0; i < prepared->matches->len; i++)
        g_free (g_array_index (prepared->matches, DossierTagMatch, i).aliases);
      g_array_unref (prepared->matches);
    }
}

void
dossier_prepared_feed_free (DossierPreparedFeed *prepared)
{
  if (prepared == NULL)
    return;
  for (guint i = 0; i < prepared->n_items; i++)
    prepared_item_clear (&prepared->items[i]);
  g_free (prepared->items);
  g_free (prepared);
}

DossierPreparedFeed *
dossier_prepared_feed_new (const DossierParsedFeed *feed,
                           DossierTagger           *tagger,
                           DossierTagResult        *result)
{
  DossierPreparedFeed *prepared = g_new0 (DossierPreparedFeed, 1);

  prepared->tagger = tagger;
  prepared->n_items = feed->items->len;
  prepared->items = g_new0 (DossierPreparedItem, prepared->n_items);
  for (guint i = 0; i < prepared->n_items; i++)
    {
      const DossierParsedItem *item = g_ptr_array_index (feed->items, i);
      DossierPreparedItem *out = &prepared->items[i];
      guint n;

      if (item->guid == NULL)
        continue;
      out->hash = item_hash (item);
      out->categories = categories_json (item);
      out->enclosures = enclosures_json (item);
      if (tagger == NULL)
        continue;
      /* Off the writer's thread, what the search index's trigger would
       * work out there (see search_text_func ()). */
      out->index_title = item->title != NULL ? dossier_store_index_text (item->title, -1) : NULL;
      out->index_summary = item->summary != NULL ? dossier_store_index_text (item->summary, -1) : NULL;
      out->index_content = item->content != NULL ? dossier_store_index_text (item->content, -1) : NULL;
      dossier_tagger_run (tagger, item->title, dossier_store_story_body (item->summary, item->content),
                          result);
      n = dossier_tag_result_get_n_matches (result);
      out->matches = g_array_sized_new (FALSE, FALSE, sizeof (DossierTagMatch), n);
      for (guint m = 0; m < n; m++)
        {
          DossierTagMatch match = *dossier_tag_result_get_match (result, m);

          match.aliases = g_strdup (match.aliases);
          g_array_append_val (out->matches, match);
        }
      /* What the grouper reads of it, off the writer's thread too. */
      out->group = dossier_store_group_features_new (dossier_tagger_get_catalogue (tagger),
                                                     item->language != NULL ? item->language : feed->language,
                                                     item->title, item->summary, item->content, item->link,
                                                     (const DossierTagMatch *) out->matches->data, n);
    }
  return prepared;
}

/* A story's text is hashed by its length and its ends: g_str_hash () read
 * every byte of every text twice (staged, then looked up by the search
 * index's function), 2% of the writer's work; the comparison that follows
 * reads them once. */
static guint
index_text_hash (gconstpointer key)
{
  const char *text = key;
  gsize length = strlen (text);
  guint hash = (guint) length;
  gsize span = MIN (length, 32);

  for (gsize i = 0; i < span; i++)
    hash = hash * 31 + (guchar) text[i];
  for (gsize i = length - span; i < length; i++)
    hash = hash * 31 + (guchar) text[i];
  return hash;
}

static void
remember_index_text (DossierStore *store,
                     const char   *text,
                     const char   *normalized)
{
  if (text == NULL || normalized == NULL)
    return;
  if (store->index_texts == NULL)
    store->index_texts = g_hash_table_new (index_text_hash, g_str_equal);
  g_hash_table_insert (store->index_texts, (gpointer) text, (gpointer) normalized);
}

/* dossier_store_keep_html () for a staged story. */
static gboolean
stage_html (DossierStore  *store,
            gint64         article_id,
            const char    *html,
            GError       **error)
{
  sqlite3_stmt *stmt = dossier_store_prepare (store, html != NULL
    ? "INSERT OR REPLACE INTO temp.staged_html (article_id, html) VALUES (?1, ?2)"
    : "DELETE FROM temp.staged_html WHERE article_id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, article_id);
  if (html != NULL)
    sqlite3_bind_text (stmt, 2, html, -1, SQLITE_STATIC);
  return step_done (store, stmt, _("Cannot store a story"), error);
}

/* The ids of new stories follow the newest stored one; the write lock
 * held since the transaction began keeps them free. */
static gboolean
start_staging (DossierStore  *store,
               GError       **error)
{
  sqlite3_stmt *stmt;

  if (store->staged_next != 0)
    return TRUE;
  stmt = dossier_store_prepare (store, "SELECT COALESCE (max (id), 0) + 1 FROM articles", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      dossier_store_set_error (store, _("Cannot store a story"), error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  store->staged_first = store->staged_next = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
merge_item (DossierStore              *store,
            gint64                     feed_id,
            const DossierParsedFeed   *feed,
            const DossierParsedItem   *item,
            const DossierPreparedItem *prepared,
            gboolean                   tagged,
            gint64                     now,
            DossierMergeStats         *stats,
            GError                   **error)
{
  const char *categories = prepared->categories;
  const char *enclosures = prepared->enclosures;
  sqlite3_stmt *stmt;
  gint64 hash = prepared->hash;
  gboolean staged;
  gint64 existing = 0;
  gint64 old_hash = 0;
  gint64 article_id;
  const char *lang = item->language != NULL ? item->language : feed->language;
  const DossierTagMatch *matches;
  guint n_matches = 0;

  if (item->guid == NULL)
    return TRUE;

  /* A feed may list an item twice: the second may find the first staged. */
  stmt = dossier_store_prepare (store,
    "SELECT id, hash FROM articles WHERE feed_id = ?1 AND guid = ?2"
    " UNION ALL SELECT id, hash FROM temp.staged_articles WHERE feed_id = ?1 AND guid = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, feed_id);
  dossier_store_bind_text (stmt, 2, item->guid);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      existing = sqlite3_column_int64 (stmt, 0);
      old_hash = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);

  if (existing != 0 && old_hash == hash)
    {
      stats->unchanged_articles++;
      return TRUE;
    }

  staged = existing != 0 && store->staged_next != 0 && existing >= store->staged_first;
  if (existing == 0)
    {
      gint64 story = 0;

      /* The same link from another feed is the same story seen again. */
      if (item->link != NULL)
        {
          stmt = dossier_store_prepare (store,
            "SELECT story FROM ("
            " SELECT COALESCE (story_id, id) AS story, id FROM articles WHERE link = ?1 AND feed_id != ?2"
            " UNION ALL SELECT COALESCE (story_id, id), id FROM temp.staged_articles"
            " WHERE link = ?1 AND feed_id != ?2) ORDER BY id LIMIT 1", error);
          if (stmt == NULL)
            return FALSE;
          dossier_store_bind_text (stmt, 1, item->link);
          sqlite3_bind_int64 (stmt, 2, feed_id);
          if (sqlite3_step (stmt) == SQLITE_ROW)
            story = sqlite3_column_int64 (stmt, 0);
          sqlite3_reset (stmt);
        }

      /* Staged until the commit (dossier_store_flush_staged ()), with the
       * id it will have. Undated items take their update date, else when
       * first seen. */
      if (!start_staging (store, error))
        return FALSE;
      article_id = store->staged_next++;
      stmt = dossier_store_prepare (store,
        "INSERT INTO temp.staged_articles (feed_id, link, title, author, summary, content, lang,"
        " categories, enclosures, published, updated, hash, guid, first_seen, story_id, id,"
        " undated, date_text)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, COALESCE (?10, ?11, ?14), ?11, ?12, ?13, ?14,"
        " NULLIF (?15, 0), ?16, ?10 IS NULL AND ?11 IS NULL,"
        " CASE WHEN ?10 IS NULL AND ?11 IS NULL THEN ?17 END)", error);
      if (stmt == NULL)
        return FALSE;
      bind_item (stmt, feed_id, item, lang, categories, enclosures, hash);
      dossier_store_bind_text (stmt, 13, item->guid);
      sqlite3_bind_int64 (stmt, 14, now);
      sqlite3_bind_int64 (stmt, 15, story);
      sqlite3_bind_int64 (stmt, 16, article_id);
      dossier_store_bind_text (stmt, 17, item->date_text);
      if (!step_done (store, stmt, _("Cannot store a story"), error))
        return FALSE;
      staged = TRUE;
      remember_index_text (store, item->title, prepared->index_title);
      remember_index_text (store, item->summary, prepared->index_summary);
      remember_index_text (store, item->content, prepared->index_content);
      stats->new_articles++;
    }
  else
    {
      /* Read and starred state stay; an item that lost its date keeps the
       * one it had, and an undated one that gains a date takes it. */
#define UPDATE_SET \
        " SET link = ?2, title = ?3, author = ?4, summary = ?5, content = ?6," \
        " lang = ?7, categories = ?8, enclosures = ?9," \
        " published = COALESCE (?10, CASE WHEN undated THEN ?11 END, published)," \
        " undated = undated AND ?10 IS NULL AND ?11 IS NULL," \
        " date_text = CASE WHEN undated AND ?10 IS NULL AND ?11 IS NULL THEN ?16 END," \
        " updated = ?11, hash = ?12 WHERE id = ?1"
      stmt = dossier_store_prepare (store, staged
        ? "UPDATE temp.staged_articles" UPDATE_SET
        : "UPDATE articles" UPDATE_SET, error);
#undef UPDATE_SET
      if (stmt == NULL)
        return FALSE;
      bind_item (stmt, existing, item, lang, categories, enclosures, hash);
      dossier_store_bind_text (stmt, 16, item->date_text);
      if (!step_done (store, stmt, _("Cannot update a story"), error))
        return FALSE;
      article_id = existing;
      stats->updated_articles++;
    }

  /* The feed's own HTML of the story goes with it. */
  if (staged ? !stage_html (store, article_id, item->html, error)
             : !dossier_store_keep_html (store, article_id, item->html, error))
    return FALSE;

  /* Filed under its entities and topics in the same transaction: a new
   * story with what the worker found when it used the store's tagger; a
   * story stored before with its full article's text when one was
   * fetched, or when the user edited the entities since. */
  if (staged && tagged && prepared->matches != NULL)
    {
      matches = (const DossierTagMatch *) prepared->matches->data;
      n_matches = prepared->matches->len;
      if (!dossier_store_file_article (store, article_id, matches, n_matches, existing != 0, staged, error))
        return FALSE;
    }
  else
    {
      g_autofree char *full_text = existing != 0 && !staged ? dossier_store_full_text (store, article_id) : NULL;

      if (!(staged ? dossier_store_tag_staged : dossier_store_tag_article)
            (store, article_id, item->title, item->summary, full_text != NULL ? full_text : item->content,
             existing != 0, error))
        return FALSE;
      matches = NULL;   /* the store's tagger's last result */
    }

  /* A new story joins its event when the transaction is about to commit. */
  if (existing == 0)
    dossier_store_note_new_story (store, article_id, feed_id, lang,
                                  item->published != DOSSIER_DATE_NONE ? item->published :
                                  item->updated != DOSSIER_DATE_NONE ? item->updated : now,
                                  item->title, item->summary, item->content, item->link,
                                  matches, n_matches, matches != NULL ? prepared->group : NULL);
  return TRUE;
}

/* Whether the staged_tags row's story leads its event, 1 or 0. */
#define LEADS_EVENT \
  "article_id NOT IN (SELECT article_id FROM temp.staged_events WHERE event_id IS NOT NULL)"

gboolean
dossier_store_flush_staged (DossierStore  *store,
                            GError       **error)
{
  if (store->staged_next == 0)
    return TRUE;
  /* In the search index's order: FTS5 keeps the words of rows given in
   * rising order in memory, and writes them out each time a row comes
   * below the one before (a feed lists its newest story first, and a
   * story at a time wrote a segment for each). */
  gboolean ok;

  if (!dossier_store_exec (store,
        "INSERT INTO articles (id, feed_id, guid, link, title, author, summary, content, lang,"
        " categories, enclosures, published, updated, hash, first_seen, story_id, undated, date_text,"
        " event_id)"
        " SELECT id, feed_id, guid, link, title, author, summary, content, lang, categories,"
        " enclosures, published, updated, hash, first_seen, story_id, undated, date_text,"
        " (SELECT event_id FROM temp.staged_events WHERE article_id = staged_articles.id)"
        " FROM temp.staged_articles ORDER BY " DOSSIER_STORE_TIMELINE_KEY ("") ";", error))
    return FALSE;

  /* The tag rows' counts by tag and by day, once for the batch: the row
   * triggers cost a third of moving the rows. A staged story that leads
   * its event (or waits to be grouped) counts as an event too, one that
   * follows another does not (as the triggers would have counted). */
  store->tags_counted = TRUE;
  ok = dossier_store_exec (store,
        "INSERT INTO article_tags (tag_id, published, article_id, title_count, body_count, aliases)"
        " SELECT tag_id, published, article_id, title_count, body_count, aliases"
        " FROM temp.staged_tags ORDER BY tag_id, published, article_id;", error);
  store->tags_counted = FALSE;
  if (!ok ||
      !dossier_store_exec (store,
        "UPDATE tags SET mentions = mentions + added.n, events = events + added.e"
        " FROM (SELECT tag_id, count(*) AS n, sum (" LEADS_EVENT ") AS e FROM temp.staged_tags"
        " GROUP BY tag_id) AS added"
        " WHERE tags.id = added.tag_id;"
        "INSERT INTO tag_days (tag_id, day, count, events)"
        " SELECT tag_id, published / 86400, count(*), sum (" LEADS_EVENT ") FROM temp.staged_tags WHERE true"
        " GROUP BY tag_id, published / 86400"
        " ON CONFLICT (tag_id, day) DO UPDATE SET count = count + excluded.count,"
        " events = events + excluded.events;"
        "INSERT INTO article_html (article_id, html) SELECT article_id, html FROM temp.staged_html"
        " ORDER BY article_id;"
        /* Why each staged story follows its event, now that it is stored. */
        "INSERT INTO event_links (article_id, matched_id, why)"
        " SELECT article_id, matched_id, why FROM temp.staged_events WHERE why IS NOT NULL;"
        "DELETE FROM temp.staged_events;"
        "DELETE FROM temp.staged_articles;"
        "DELETE FROM temp.staged_tags;"
        "DELETE FROM temp.staged_html;", error))
    return FALSE;
  store->staged_next = 0;
  if (store->index_texts != NULL)
    g_hash_table_remove_all (store->index_texts);
  return TRUE;
}

gboolean
dossier_store_merge_feed (DossierStore            *store,
                          gint64                   feed_id,
                          const DossierParsedFeed *feed,
                          gint64                   now,
                          DossierMergeStats       *stats,
                          GError                 **error)
{
  g_autoptr(DossierPreparedFeed) prepared = NULL;

  if (!dossier_store_ensure_tagger (store, error))
    return FALSE;
  /* Tagged as it is written, since only new and changed items are. */
  prepared = dossier_prepared_feed_new (feed, NULL, NULL);
  if (!dossier_store_begin (store, error))
    return FALSE;
  if (!dossier_store_merge_prepared (store, feed_id, feed, prepared, now, stats, error) ||
      !dossier_store_commit (store, error))
    {
      dossier_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

gboolean
dossier_store_merge_prepared (DossierStore              *store,
                              gint64                     feed_id,
                              const DossierParsedFeed   *feed,
                              const DossierPreparedFeed *prepared,
                              gint64                     now,
                              DossierMergeStats         *stats,
                              GError                   **error)
{
  DossierMergeStats local = { 0 };
  sqlite3_stmt *stmt;
  gboolean tagged;

  g_return_val_if_fail (store->tagger != NULL, FALSE);
  g_return_val_if_fail (prepared->n_items == feed->items->len, FALSE);

  /* Temporary tables live as long as the connection, in memory. */
  if (!store->staging_ready)
    {
      if (!dossier_store_exec (store,
            "CREATE TEMP TABLE IF NOT EXISTS staged_articles ("
            "  id INTEGER PRIMARY KEY, feed_id INTEGER NOT NULL, guid TEXT NOT NULL, link TEXT,"
            "  title TEXT, author TEXT, summary TEXT, content TEXT, lang TEXT, categories TEXT,"
            "  enclosures TEXT, published INTEGER NOT NULL, updated INTEGER, first_seen INTEGER NOT NULL,"
            "  hash INTEGER NOT NULL, story_id INTEGER, undated INTEGER NOT NULL DEFAULT 0, date_text TEXT);"
            "CREATE INDEX IF NOT EXISTS temp.staged_articles_guid ON staged_articles (feed_id, guid);"
            "CREATE INDEX IF NOT EXISTS temp.staged_articles_link ON staged_articles (link);"
            /* Keyed by story, in the order stories are staged: one tree
             * to write, where a table and an index on the story were two. */
            "CREATE TEMP TABLE IF NOT EXISTS staged_tags ("
            "  article_id INTEGER NOT NULL, tag_id INTEGER NOT NULL, published INTEGER NOT NULL,"
            "  title_count INTEGER NOT NULL, body_count INTEGER NOT NULL, aliases TEXT,"
            "  PRIMARY KEY (article_id, tag_id)) WITHOUT ROWID;"
            "CREATE TEMP TABLE IF NOT EXISTS staged_html ("
            "  article_id INTEGER PRIMARY KEY, html TEXT NOT NULL);"
            /* The events of the staged stories, decided before they go
             * into the articles (see dossier-store-events.c). */
            "CREATE TEMP TABLE IF NOT EXISTS staged_events ("
            "  article_id INTEGER PRIMARY KEY, event_id INTEGER, matched_id INTEGER, why TEXT);", error))
        return FALSE;
      store->staging_ready = TRUE;
    }

  tagged = prepared->tagger != NULL && prepared->tagger == store->tagger;

  stmt = dossier_store_prepare (store,
    "UPDATE feeds SET title = COALESCE (?2, title), site_url = COALESCE (?3, site_url),"
    " description = ?4, icon_url = COALESCE (?5, icon_url), language = ?6, ttl_minutes = ?7,"
    " recovered = ?8 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, feed_id);
  dossier_store_bind_text (stmt, 2, feed->title);
  dossier_store_bind_text (stmt, 3, feed->link);
  dossier_store_bind_text (stmt, 4, feed->description);
  dossier_store_bind_text (stmt, 5, feed->icon);
  dossier_store_bind_text (stmt, 6, feed->language);
  sqlite3_bind_int (stmt, 7, feed->ttl_minutes);
  sqlite3_bind_int (stmt, 8, feed->recovered);
  if (!step_done (store, stmt, _("Cannot update the feed"), error))
    return FALSE;
  if (sqlite3_changes (store->db) == 0)
    {
      dossier_store_set_no_feed (error, feed_id);
      return FALSE;
    }

  for (guint i = 0; i < feed->items->len; i++)
    if (!merge_item (store, feed_id, feed, g_ptr_array_index (feed->items, i), &prepared->items[i],
                     tagged, now, &local, error))
      return FALSE;

  if (stats != NULL)
    *stats = local;
  return TRUE;
}

/* ---- Search ------------------------------------------------------------- */

char *
dossier_store_build_match (const char *user_query)
{
  return dossier_search_match (user_query);
}

/* ---- Queries ------------------------------------------------------------ */

typedef struct {
  gboolean  is_text;
  gint64    number;
  char     *text;
} Bind;

static void
bind_clear (Bind *bind)
{
  g_free (bind->text);
}

static void
add_int (GArray *binds,
         gint64  value)
{
  Bind bind = { FALSE, value, NULL };

  g_array_append_val (binds, bind);
}

static void
add_text (GArray     *binds,
          const char *value)
{
  Bind bind = { TRUE, 0, g_strdup (value) };

  g_array_append_val (binds, bind);
}

static void
bind_all (sqlite3_stmt *stmt,
          GArray       *binds)
{
  for (guint i = 0; i < binds->len; i++)
    {
      Bind *bind = &g_array_index (binds, Bind, i);

      if (bind->is_text)
        sqlite3_bind_text (stmt, i + 1, bind->text, -1, SQLITE_TRANSIENT);
      else
        sqlite3_bind_int64 (stmt, i + 1, bind->number);
    }
}

/* The end of the three ways of asking for the stories filed under any of
 * @slugs: "t.kind = 'topic' AND t.slug IN (?, ?))", the slugs bound. */
static void
add_kind_and_slugs (GString     *where,
                    GArray      *binds,
                    const GStrv  slugs,
                    gboolean     topics)
{
  g_string_append_printf (where, "t.kind %s 'topic' AND t.slug IN (", topics ? "=" : "!=");
  for (guint i = 0; slugs[i] != NULL; i++)
    {
      g_string_append (where, i > 0 ? ", ?" : "?");
      add_text (binds, slugs[i]);
    }
  g_string_append (where, "))");
}

static void
add_slug_filter (GString     *where,
                 GArray      *binds,
                 const GStrv  slugs,
                 gboolean     topics)
{
  if (slugs == NULL || slugs[0] == NULL)
    return;
  g_string_append (where,
    " AND a.id IN (SELECT l.article_id FROM article_tags l JOIN tags t ON t.id = l.tag_id WHERE ");
  add_kind_and_slugs (where, binds, slugs, topics);
}

static guint
strv_count (const GStrv strv)
{
  return strv != NULL ? g_strv_length (strv) : 0;
}

static gboolean
has_search (const DossierQuery *query)
{
  return query->search != NULL && query->search[0] != '\0';
}

/* A search without a list of ids is driven by the search index. */
static gboolean
search_query (const DossierQuery *query)
{
  return query->ids == NULL && has_search (query);
}

/* One entity or one topic (with any topics or entities besides) and no
 * search or ids: that tag's own index lists its stories newest first, so a
 * page reads only the rows it shows; the other side is a key lookup per
 * story. */
static gboolean
single_tag_query (const DossierQuery *query)
{
  return query->ids == NULL && !has_search (query) &&
         (strv_count (query->entities) == 1 || strv_count (query->topics) == 1);
}

/* Stories filed under any of @slugs, as a lookup of the driving row l. */
static void
add_slug_lookup (GString     *where,
                 GArray      *binds,
                 const GStrv  slugs,
                 gboolean     topics)
{
  if (slugs == NULL || slugs[0] == NULL)
    return;
  g_string_append (where,
    " AND EXISTS (SELECT 1 FROM tags t JOIN article_tags o ON o.tag_id = t.id"
    " AND o.published = l.published AND o.article_id = l.article_id WHERE ");
  add_kind_and_slugs (where, binds, slugs, topics);
}

/* Stories filed under any of @slugs, looked up by story: the driving rows
 * are a few given ids, so each is one look-up in the tags of its story. */
static void
add_slug_exists (GString     *where,
                 GArray      *binds,
                 const GStrv  slugs,
                 gboolean     topics)
{
  if (slugs == NULL || slugs[0] == NULL)
    return;
  g_string_append (where,
    " AND EXISTS (SELECT 1 FROM article_tags o JOIN tags t ON t.id = o.tag_id"
    " WHERE o.article_id = a.id AND ");
  add_kind_and_slugs (where, binds, slugs, topics);
}

/* @ids as a JSON array, one bound value however many they are. */
static char *
ids_json (GArray *ids)
{
  GString *json = g_string_sized_new (ids->len * 8 + 2);

  g_string_append_c (json, '[');
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (json, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                            g_array_index (ids, gint64, i));
  g_string_append_c (json, ']');
  return g_string_free (json, FALSE);
}

/* The FROM and WHERE of a query; FALSE when the search has nothing
 * searchable, so that nothing matches. The feeds are joined as "f" when
 * @with_feeds or the query needs them: joining costs a look-up of every
 * story's row, which a list of ids otherwise reads from an index alone. */
static gboolean
build_where (const DossierQuery *query,
             gboolean            with_feeds,
             GString            *sql,
             GArray             *binds)
{
  const char *feeds = with_feeds || query->folder != NULL ? " JOIN feeds f ON f.id = a.feed_id" : "";

  /* A few given stories drive; the search, when there is one, is checked
   * story by story at its key in the index (FTS5 seeks to a rowid), not
   * over every match of a common word. */
  if (query->ids != NULL)
    {
      g_autofree char *json = NULL;

      if (query->ids->len == 0)
        return FALSE;
      json = ids_json (query->ids);
      g_string_append_printf (sql, " FROM articles a%s WHERE a.id IN (SELECT value FROM json_each (?))",
                              feeds);
      add_text (binds, json);
      if (has_search (query))
        {
          g_autofree char *match = dossier_store_build_match (query->search);

          if (match == NULL)
            return FALSE;
          g_string_append (sql, " AND EXISTS (SELECT 1 FROM articles_fts WHERE articles_fts MATCH ?"
                                " AND articles_fts.rowid = " DOSSIER_STORE_TIMELINE_KEY ("a.") ")");
          add_text (binds, match);
        }
    }
  /* A search walks the index, which keeps the timeline's order: the join
   * reads matches newest first and a page stops as soon as it is full. */
  else if (has_search (query))
    {
      g_autofree char *match = dossier_store_build_match (query->search);

      if (match == NULL)
        return FALSE;
      g_string_append_printf (sql, " FROM articles_fts"
                                   " JOIN articles a ON a.id = (articles_fts.rowid & " DOSSIER_STORE_ID_MASK ")"
                                   "%s WHERE articles_fts MATCH ?", feeds);
      add_text (binds, match);
    }
  else if (single_tag_query (query))
    {
      /* An entity drives when there is one; topics are looked up. */
      gboolean topic = strv_count (query->entities) != 1;

      g_string_append_printf (sql, " FROM article_tags l JOIN articles a ON a.id = l.article_id%s"
                                   " WHERE l.tag_id = (SELECT id FROM tags WHERE slug = ?"
                                   " AND kind %s 'topic')", feeds, topic ? "=" : "!=");
      add_text (binds, topic ? query->topics[0] : query->entities[0]);
    }
  else
    g_string_append_printf (sql, " FROM articles a%s WHERE 1", feeds);

  if (query->feed_id != 0)
    {
      g_string_append (sql, " AND a.feed_id = ?");
      add_int (binds, query->feed_id);
    }
  if (query->folder != NULL)
    {
      g_string_append (sql, " AND f.folder_id = (SELECT id FROM folders WHERE name = ?)");
      add_text (binds, query->folder);
    }
  if (query->ids != NULL)
    {
      add_slug_exists (sql, binds, query->entities, FALSE);
      add_slug_exists (sql, binds, query->topics, TRUE);
    }
  else if (!single_tag_query (query))
    {
      add_slug_filter (sql, binds, query->entities, FALSE);
      add_slug_filter (sql, binds, query->topics, TRUE);
    }
  else if (strv_count (query->entities) == 1)
    add_slug_lookup (sql, binds, query->topics, TRUE);
  else
    add_slug_lookup (sql, binds, query->entities, FALSE);
  if (query->since != DOSSIER_DATE_NONE)
    {
      g_string_append (sql, " AND a.published >= ?");
      add_int (binds, query->since);
    }
  if (query->until != DOSSIER_DATE_NONE)
    {
      g_string_append (sql, " AND a.published < ?");
      add_int (binds, query->until);
    }
  if (query->unread_only)
    g_string_append (sql, " AND a.read = 0");
  if (query->starred_only)
    g_string_append (sql, " AND a.starred = 1");
  return TRUE;
}

static void
append_order_and_page (GString            *sql,
                       const DossierQuery *query)
{
  if (search_query (query))
    g_string_append (sql, " ORDER BY articles_fts.rowid DESC");
  else if (single_tag_query (query))
    g_string_append (sql, " ORDER BY l.published DESC, l.article_id DESC");
  else
    g_string_append (sql, " ORDER BY a.published DESC, a.id DESC");
  if (query->limit > 0 || query->offset > 0)
    g_string_append_printf (sql, " LIMIT %d OFFSET %u",
                            query->limit > 0 ? (int) query->limit : -1, query->offset);
}

static sqlite3_stmt *
prepare_dynamic (DossierStore  *store,
                 const char    *sql,
                 GArray        *binds,
                 GError       **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (store->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      dossier_store_set_error (store, _("Cannot read the stories"), error);
      return NULL;
    }
  bind_all (stmt, binds);
  return stmt;
}

/* Fills the entity and topic slugs of @articles, a query per chunk. */
static gboolean
fill_tags (DossierStore  *store,
           GPtrArray     *articles,
           GError       **error)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) lists = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                                       (GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; i < articles->len; i++)
    {
      DossierArticle *article = g_ptr_array_index (articles, i);

      g_hash_table_insert (by_id, &article->id, article);
    }

  for (guint start = 0; start < articles->len; start += IN_CHUNK)
    {
      g_autoptr(GString) sql = g_string_new ("SELECT l.article_id, t.slug, t.kind = 'topic'"
        " FROM article_tags l JOIN tags t ON t.id = l.tag_id WHERE l.article_id IN (");
      guint end = MIN (start + IN_CHUNK, articles->len);
      sqlite3_stmt *stmt = NULL;
      int rc;

      for (guint i = start; i < end; i++)
        g_string_append (sql, i > start ? ", ?" : "?");
      g_string_append (sql, ") ORDER BY t.slug");
      if (sqlite3_prepare_v2 (store->db, sql->str, -1, &stmt, NULL) != SQLITE_OK)
        {
          dossier_store_set_error (store, _("Cannot read the stories"), error);
          return FALSE;
        }
      for (guint i = start; i < end; i++)
        sqlite3_bind_int64 (stmt, i - start + 1,
                            ((DossierArticle *) g_ptr_array_index (articles, i))->id);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);
          DossierArticle *article = g_hash_table_lookup (by_id, &id);
          /* Two lists an article: entities at 2n, topics at 2n + 1. */
          gpointer key;
          GPtrArray *list;

          if (article == NULL)
            continue;
          key = (char *) article + (sqlite3_column_int (stmt, 2) ? 1 : 0);
          list = g_hash_table_lookup (lists, key);
          if (list == NULL)
            {
              list = g_ptr_array_new ();
              g_hash_table_insert (lists, key, list);
            }
          g_ptr_array_add (list, dossier_store_column_dup (stmt, 1));
        }
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE)
        {
          dossier_store_set_error (store, _("Cannot read the stories"), error);
          return FALSE;
        }
    }

  for (guint i = 0; i < articles->len; i++)
    {
      DossierArticle *article = g_ptr_array_index (articles, i);

      for (int k = 0; k < 2; k++)
        {
          GStrv *field = k == 0 ? &article->entities : &article->topics;
          GPtrArray *list = g_hash_table_lookup (lists, (char *) article + k);

          g_strfreev (*field);
          if (list != NULL)
            {
              g_ptr_array_add (list, NULL);
              *field = (GStrv) g_ptr_array_steal (list, NULL);
            }
          else
            *field = g_new0 (char *, 1);
        }
    }
  return TRUE;
}

GPtrArray *
dossier_store_query (DossierStore       *store,
                     const DossierQuery *query,
                     guint              *total,
                     GError            **error)
{
  g_autoptr(GPtrArray) articles = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_article_free);
  g_autoptr(GArray) binds = g_array_new (FALSE, FALSE, sizeof (Bind));
  g_autoptr(GString) where = g_string_new (NULL);
  g_autoptr(GString) sql = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_array_set_clear_func (binds, (GDestroyNotify) bind_clear);

  if (!build_where (query, TRUE, where, binds))
    {
      if (total != NULL)
        *total = 0;
      return g_steal_pointer (&articles);
    }

  if (total != NULL)
    {
      g_autofree char *count_sql = g_strconcat ("SELECT count(*)", where->str, NULL);

      stmt = prepare_dynamic (store, count_sql, binds, error);
      if (stmt == NULL)
        return NULL;
      rc = sqlite3_step (stmt);
      *total = rc == SQLITE_ROW ? (guint) sqlite3_column_int64 (stmt, 0) : 0;
      sqlite3_finalize (stmt);
      if (rc != SQLITE_ROW)
        {
          dossier_store_set_error (store, _("Cannot count the stories"), error);
          return NULL;
        }
    }

  sql = g_string_new ("SELECT " ARTICLE_COLUMNS);
  g_string_append (sql, where->str);
  append_order_and_page (sql, query);
  stmt = prepare_dynamic (store, sql->str, binds, error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (articles, article_from_row (stmt));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      dossier_store_set_error (store, _("Cannot read the stories"), error);
      return NULL;
    }

  if (!fill_tags (store, articles, error) ||
      !dossier_store_fill_events (store, articles, error))
    return NULL;
  return g_steal_pointer (&articles);
}

GArray *
dossier_store_query_ids (DossierStore       *store,
                         const DossierQuery *query,
                         GError            **error)
{
  g_autoptr(GArray) binds = g_array_new (FALSE, FALSE, sizeof (Bind));
  g_autoptr(GString) sql = g_string_new ("SELECT a.id");
  sqlite3_stmt *stmt;
  GArray *ids;

  if (query->events)
    return dossier_store_query_event_ids (store, query, error);
  g_array_set_clear_func (binds, (GDestroyNotify) bind_clear);
  if (!build_where (query, FALSE, sql, binds))
    return g_array_new (FALSE, FALSE, sizeof (gint64));
  append_order_and_page (sql, query);

  stmt = prepare_dynamic (store, sql->str, binds, error);
  if (stmt == NULL)
    return NULL;
  ids = dossier_store_step_ids (store, stmt, _("Cannot read the stories"), error);
  sqlite3_finalize (stmt);
  return ids;
}

gint64
dossier_store_last_article_id (DossierStore  *store,
                               GError       **error)
{
  sqlite3_stmt *stmt = dossier_store_prepare (store, "SELECT COALESCE (max (id), 0) FROM articles", error);
  gint64 id;

  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      dossier_store_set_error (store, _("Cannot read the stories"), error);
      sqlite3_reset (stmt);
      return -1;
    }
  id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return id;
}

GArray *
dossier_store_new_story_ids (DossierStore  *store,
                             gint64         after_id,
                             GError       **error)
{
  sqlite3_stmt *stmt;
  GArray *ids;

  /* Ids only grow (the refresh purges after it stores), so the new rows
   * are a range of the primary key; story_id is set on a story seen
   * before from another feed. */
  stmt = dossier_store_prepare (store,
    "SELECT id FROM articles WHERE id > ?1 AND story_id IS NULL ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, after_id);
  ids = dossier_store_step_ids (store, stmt, _("Cannot read the stories"), error);
  sqlite3_reset (stmt);
  return ids;
}

GPtrArray *
dossier_store_get_articles (DossierStore  *store,
                            const gint64  *ids,
                            guint          n_ids,
                            GError       **error)
{
  g_autoptr(GPtrArray) articles = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_article_free);
  g_autoptr(GHashTable) found = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                       (GDestroyNotify) dossier_article_free);

  for (guint start = 0; start < n_ids; start += IN_CHUNK)
    {
      g_autoptr(GString) sql = g_string_new ("SELECT " ARTICLE_COLUMNS
        " FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE a.id IN (");
      guint end = MIN (start + IN_CHUNK, n_ids);
      sqlite3_stmt *stmt = NULL;
      int rc;

      for (guint i = start; i < end; i++)
        g_string_append (sql, i > start ? ", ?" : "?");
      g_string_append_c (sql, ')');
      if (sqlite3_prepare_v2 (store->db, sql->str, -1, &stmt, NULL) != SQLITE_OK)
        {
          dossier_store_set_error (store, _("Cannot read the stories"), error);
          return NULL;
        }
      for (guint i = start; i < end; i++)
        sqlite3_bind_int64 (stmt, i - start + 1, ids[i]);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          DossierArticle *article = article_from_row (stmt);

          g_hash_table_insert (found, &article->id, article);
        }
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE)
        {
          dossier_store_set_error (store, _("Cannot read the stories"), error);
          return NULL;
        }
    }

  /* In the order asked for; ids deleted meanwhile are left out. */
  for (guint i = 0; i < n_ids; i++)
    {
      DossierArticle *article = g_hash_table_lookup (found, &ids[i]);

      if (article != NULL)
        {
          g_hash_table_steal (found, &ids[i]);
          g_ptr_array_add (articles, article);
        }
    }

  if (!fill_tags (store, articles, error) ||
      !dossier_store_fill_events (store, articles, error))
    return NULL;
  return g_steal_pointer (&articles);
}

static GStrv
strv_from_json (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) list = g_ptr_array_new ();
  JsonArray *array;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL) ||
      !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    return g_new0 (char *, 1);
  array = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *s = json_array_get_string_element (array, i);

      if (s != NULL)
        g_ptr_array_add (list, g_strdup (s));
    }
  g_ptr_array_add (list, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&list), FALSE);
}

DossierArticle *
dossier_store_get_article (DossierStore  *store,
                           gint64         article_id,
                           GError       **error)
{
  g_autoptr(GPtrArray) one = dossier_store_get_articles (store, &article_id, 1, error);
  DossierArticle *article;
  sqlite3_stmt *stmt;
  gint64 story;
  int rc;

  if (one == NULL)
    return NULL;
  if (one->len == 0)
    {
      dossier_store_set_no_article (error, article_id);
      return NULL;
    }
  article = g_ptr_array_steal_index (one, 0);

  stmt = dossier_store_prepare (store,
    "SELECT a.content, a.categories, a.enclosures, COALESCE (a.story_id, a.id), f.url, a.date_text"
    " FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE a.id = ?1",
    error);
  if (stmt != NULL)
    sqlite3_bind_int64 (stmt, 1, article_id);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    {
      if (stmt != NULL)
        dossier_store_set_error (store, _("Cannot read the story"), error);
      dossier_article_free (article);
      return NULL;
    }
  article->content = dossier_store_column_dup (stmt, 0);
  article->categories = strv_from_json ((const char *) sqlite3_column_text (stmt, 1));
  article->enclosures_json = dossier_store_column_dup (stmt, 2);
  story = sqlite3_column_int64 (stmt, 3);
  article->feed_url = dossier_store_column_dup (stmt, 4);
  article->date_text = dossier_store_column_dup (stmt, 5);
  sqlite3_reset (stmt);

  article->sources = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_article_source_free);
  /* The rows whose COALESCE (story_id, id) is the story, written so that
   * the primary key and articles_story find them: the COALESCE read every
   * story of the database. */
  stmt = dossier_store_prepare (store,
    "SELECT a.id, a.feed_id, COALESCE (f.user_title, f.title, f.url) FROM articles a"
    " JOIN feeds f ON f.id = a.feed_id WHERE a.id = ?1 OR a.story_id = ?1"
    " ORDER BY a.id != ?2, a.id", error);
  if (stmt == NULL)
    {
      dossier_article_free (article);
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, story);
  sqlite3_bind_int64 (stmt, 2, article_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DossierArticleSource *source = g_new0 (DossierArticleSource, 1);

      source->article_id = sqlite3_column_int64 (stmt, 0);
      source->feed_id = sqlite3_column_int64 (stmt, 1);
      source->feed_title = dossier_store_column_dup (stmt, 2);
      g_ptr_array_add (article->sources, source);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dossier_store_set_error (store, _("Cannot read the story"), error);
      dossier_article_free (article);
      return NULL;
    }

  article->tag_matches = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_article_tag_free);
  stmt = dossier_store_prepare (store,
    "SELECT t.slug, t.kind, l.title_count, l.body_count, l.aliases FROM article_tags l"
    " JOIN tags t ON t.id = l.tag_id WHERE l.article_id = ?1"
    " ORDER BY t.kind = 'topic', l.title_count + l.body_count DESC, t.slug", error);
  if (stmt == NULL)
    {
      dossier_article_free (article);
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, article_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DossierArticleTag *tag = g_new0 (DossierArticleTag, 1);

      tag->slug = dossier_store_column_dup (stmt, 0);
      tag->kind = dossier_store_column_dup (stmt, 1);
      tag->title_count = sqlite3_column_int (stmt, 2);
      tag->body_count = sqlite3_column_int (stmt, 3);
      tag->aliases = dossier_store_column_dup (stmt, 4);
      g_ptr_array_add (article->tag_matches, tag);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dossier_store_set_error (store, _("Cannot read the story"), error);
      dossier_article_free (article);
      return NULL;
    }
  return article;
}

static gboolean
set_flag (DossierStore  *store,
          const char    *sql,
          gint64         article_id,
          gboolean       value,
          GError       **error)
{
  sqlite3_stmt *stmt = dossier_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, article_id);
  sqlite3_bind_int (stmt, 2, value ? 1 : 0);
  if (!step_done (store, stmt, _("Cannot update the story"), error))
    return FALSE;
  if (sqlite3_changes (store->db) == 0)
    {
      dossier_store_set_no_article (error, article_id);
      return FALSE;
    }
  return TRUE;
}

gboolean
dossier_store_set_read (DossierStore  *store,
                        gint64         article_id,
                        gboolean       read,
                        GError       **error)
{
  return set_flag (store, "UPDATE articles SET read = ?2 WHERE id = ?1", article_id, read, error);
}

gboolean
dossier_store_set_starred (DossierStore  *store,
                           gint64         article_id,
                           gboolean       starred,
                           GError       **error)
{
  return set_flag (store, "UPDATE articles SET starred = ?2 WHERE id = ?1", article_id, starred, error);
}

GArray *
dossier_store_mark_all_read_ids (DossierStore       *store,
                                 const DossierQuery *query,
                                 GError            **error)
{
  g_autoptr(GArray) binds = g_array_new (FALSE, FALSE, sizeof (Bind));
  g_autoptr(GString) sql = g_string_new ("UPDATE articles SET read = 1 WHERE read = 0 AND id IN (SELECT a.id");
  g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  g_array_set_clear_func (binds, (GDestroyNotify) bind_clear);
  if (!build_where (query, FALSE, sql, binds))
    return g_steal_pointer (&changed);
  /* One statement, so the stories changed are exactly those it names. */
  g_string_append (sql, ") RETURNING id");
  stmt = prepare_dynamic (store, sql->str, binds, error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (changed, id);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      dossier_store_set_error (store, _("Cannot mark the stories read"), error);
      return NULL;
    }
  return g_steal_pointer (&changed);
}

gboolean
dossier_store_mark_all_read (DossierStore       *store,
                             const DossierQuery *query,
                             GError            **error)
{
  g_autoptr(GArray) changed = dossier_store_mark_all_read_ids (store, query, error);

  return changed != NULL;
}

gboolean
dossier_store_mark_unread (DossierStore  *store,
                           const gint64  *ids,
                           guint          n_ids,
                           GError       **error)
{
  sqlite3_stmt *stmt;

  if (n_ids == 0)
    return TRUE;
  if (!dossier_store_begin (store, error))
    return FALSE;
  stmt = dossier_store_prepare (store, "UPDATE articles SET read = 0 WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  for (guint i = 0; i < n_ids; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, ids[i]);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          dossier_store_set_error (store, _("Cannot mark the stories unread"), error);
          goto fail;
        }
    }
  if (!dossier_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  dossier_store_rollback (store);
  return FALSE;
}

gint64
dossier_store_purge (DossierStore  *store,
                     gint64         now,
                     int            global_days,
                     GError       **error)
{
  sqlite3_stmt *stmt;
  gint64 deleted;

  if (!dossier_store_begin (store, error))
    return -1;
  /* A feed's own setting wins over the global one; starred stories are
   * never deleted, nor those of a feed kept for ever (a negative
   * retention_days matches neither branch). */
  stmt = dossier_store_prepare (store,
    "DELETE FROM articles WHERE starred = 0 AND id IN ("
    " SELECT a.id FROM articles a JOIN feeds f ON f.id = a.feed_id"
    " WHERE (f.retention_days > 0 AND a.published < ?1 - f.retention_days * 86400)"
    "    OR (f.retention_days = 0 AND ?2 > 0 AND a.published < ?1 - ?2 * 86400))",
    error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int (stmt, 2, global_days);
  if (!step_done (store, stmt, _("Cannot delete old stories"), error))
    goto fail;
  deleted = sqlite3_changes (store->db);
  if (!dossier_store_commit (store, error))
    goto fail;
  return deleted;

fail:
  dossier_store_rollback (store);
  return -1;
}
