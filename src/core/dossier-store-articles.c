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

/* @what is untranslated (N_ ()): it is looked up only on an error, where
 * a lookup for every story's statements cost more than binding them. */
static gboolean
step_done (DossierStore  *store,
           sqlite3_stmt  *stmt,
           const char    *what,
           GError       **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      dossier_store_set_error (store, _(what), error);
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

/* ---- Staging new stories ------------------------------------------------- */

/* A new story of the open transaction, held in memory until the commit
 * writes it: its row, its HTML, its tag rows and its search words, each
 * inserted once where staging tables had them written, read back, sorted
 * and written again. Every string is the story's own: a caller's feed may
 * be gone by the time an outer transaction commits. */
typedef struct _StagedStory StagedStory;

struct _StagedStory {
  gint64       id;
  gint64       feed_id;
  gint64       published;
  gint64       updated;        /* DOSSIER_DATE_NONE: none */
  gint64       first_seen;
  gint64       hash;
  gint64       story_id;       /* 0: a story of its own */
  gboolean     undated;
  char        *guid;
  char        *link;
  char        *title;
  char        *author;
  char        *summary;
  char        *content;
  char        *lang;
  char        *categories;
  char        *enclosures;
  char        *date_text;
  char        *html;
  /* Its search words (dossier_store_index_text ()), when a worker made
   * them; otherwise made as the story is indexed. */
  gboolean     indexed;
  char        *index_title;
  char        *index_summary;
  char        *index_content;
  GArray      *tags;           /* StagedTag, or NULL: filed under none */
};

/* A staged story's tag row, as article_tags will hold it. */
typedef struct {
  gint64  tag_id;
  int     title_count;
  int     body_count;
  char   *aliases;
} StagedTag;

/* What an update inside a savepoint replaced, to put back if the
 * savepoint is rolled back. */
typedef struct {
  StagedStory *story;
  StagedStory  before;
} StagedUndo;

/* Where a savepoint began: how many stories, undo records and stories
 * waiting to be grouped there were. */
typedef struct {
  guint n_staged;
  guint n_undo;
  guint n_noted;
} StagedMark;

/* The fields an update replaces, freed. */
static void
staged_story_clear_fields (StagedStory *story)
{
  g_free (story->link);
  g_free (story->title);
  g_free (story->author);
  g_free (story->summary);
  g_free (story->content);
  g_free (story->lang);
  g_free (story->categories);
  g_free (story->enclosures);
  g_free (story->date_text);
  g_free (story->html);
  g_free (story->index_title);
  g_free (story->index_summary);
  g_free (story->index_content);
  g_clear_pointer (&story->tags, g_array_unref);
}

static void
staged_story_free (StagedStory *story)
{
  staged_story_clear_fields (story);
  g_free (story->guid);
  g_free (story);
}

static void
staged_undo_free (StagedUndo *undo)
{
  staged_story_clear_fields (&undo->before);
  g_free (undo);
}

static guint
staged_guid_hash (gconstpointer key)
{
  const StagedStory *story = key;

  return g_str_hash (story->guid) ^ (guint) story->feed_id;
}

static gboolean
staged_guid_equal (gconstpointer a,
                   gconstpointer b)
{
  const StagedStory *x = a, *y = b;

  return x->feed_id == y->feed_id && strcmp (x->guid, y->guid) == 0;
}

/* The stories staged with a link, by link: a GPtrArray each. */
static void
staged_link_add (DossierStore *store,
                 StagedStory  *story)
{
  GPtrArray *list;

  if (story->link == NULL)
    return;
  list = g_hash_table_lookup (store->staged_by_link, story->link);
  if (list == NULL)
    {
      list = g_ptr_array_new ();
      g_hash_table_insert (store->staged_by_link, g_strdup (story->link), list);
    }
  g_ptr_array_add (list, story);
}

static void
staged_link_remove (DossierStore *store,
                    StagedStory  *story)
{
  GPtrArray *list;

  if (story->link == NULL)
    return;
  list = g_hash_table_lookup (store->staged_by_link, story->link);
  if (list == NULL)
    return;
  g_ptr_array_remove (list, story);
  if (list->len == 0)
    g_hash_table_remove (store->staged_by_link, story->link);
}

static void
ensure_staging (DossierStore *store)
{
  if (store->staged != NULL)
    return;
  store->staged = g_ptr_array_new_with_free_func ((GDestroyNotify) staged_story_free);
  store->staged_by_guid = g_hash_table_new (staged_guid_hash, staged_guid_equal);
  store->staged_by_link = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                 (GDestroyNotify) g_ptr_array_unref);
  store->staged_marks = g_array_new (FALSE, FALSE, sizeof (StagedMark));
  store->staged_undo = g_ptr_array_new_with_free_func ((GDestroyNotify) staged_undo_free);
}

void
dossier_store_staging_clear (DossierStore *store)
{
  store->staged_next = 0;
  if (store->staged == NULL)
    return;
  g_hash_table_remove_all (store->staged_by_guid);
  g_hash_table_remove_all (store->staged_by_link);
  g_array_set_size (store->staged_marks, 0);
  g_ptr_array_set_size (store->staged_undo, 0);
  g_ptr_array_set_size (store->staged, 0);
}

void
dossier_store_staging_savepoint (DossierStore *store)
{
  StagedMark mark;

  ensure_staging (store);
  mark.n_staged = store->staged->len;
  mark.n_undo = store->staged_undo->len;
  mark.n_noted = store->grouper_noted != NULL ? store->grouper_noted->len : 0;
  g_array_append_val (store->staged_marks, mark);
}

/* A released savepoint's changes become its parent's: undone only with
 * that one, or with the transaction. */
void
dossier_store_staging_release (DossierStore *store)
{
  if (store->staged_marks != NULL && store->staged_marks->len > 0)
    g_array_set_size (store->staged_marks, store->staged_marks->len - 1);
}

/* Back to the innermost savepoint: the stories staged since go, and
 * those changed since are as they were. Those noted for grouping since
 * go too: grouped at the commit, they would hold ids that the next
 * stories take. */
void
dossier_store_staging_rollback (DossierStore *store)
{
  StagedMark mark;

  if (store->staged_marks == NULL || store->staged_marks->len == 0)
    return;
  mark = g_array_index (store->staged_marks, StagedMark, store->staged_marks->len - 1);
  g_array_set_size (store->staged_marks, store->staged_marks->len - 1);

  if (store->grouper_noted != NULL && store->grouper_noted->len > mark.n_noted)
    g_ptr_array_set_size (store->grouper_noted, mark.n_noted);
  while (store->staged_undo->len > mark.n_undo)
    {
      StagedUndo *undo = g_ptr_array_steal_index (store->staged_undo, store->staged_undo->len - 1);
      StagedStory *story = undo->story;

      staged_link_remove (store, story);
      staged_story_clear_fields (story);
      *story = undo->before;
      staged_link_add (store, story);
      g_free (undo);
    }
  while (store->staged->len > mark.n_staged)
    {
      StagedStory *story = g_ptr_array_index (store->staged, store->staged->len - 1);

      g_hash_table_remove (store->staged_by_guid, story);
      staged_link_remove (store, story);
      g_ptr_array_remove_index (store->staged, store->staged->len - 1);
    }
}

static StagedStory *
staged_find (DossierStore *store,
             gint64        article_id)
{
  guint lo = 0, hi;

  if (store->staged == NULL)
    return NULL;
  /* Staged in the order of their ids. */
  hi = store->staged->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      StagedStory *story = g_ptr_array_index (store->staged, mid);

      if (story->id == article_id)
        return story;
      if (story->id < article_id)
        lo = mid + 1;
      else
        hi = mid;
    }
  return NULL;
}

static void
staged_tag_clear (StagedTag *tag)
{
  g_free (tag->aliases);
}

gboolean
dossier_store_stage_tags (DossierStore          *store,
                          gint64                 article_id,
                          const DossierTagMatch *matches,
                          guint                  n,
                          gboolean               replace,
                          GError               **error)
{
  StagedStory *story = staged_find (store, article_id);

  if (story == NULL)
    {
      dossier_store_set_no_article (error, article_id);
      return FALSE;
    }
  if (replace)
    g_clear_pointer (&story->tags, g_array_unref);
  for (guint m = 0; m < n; m++)
    {
      StagedTag tag;

      /* Tags the store does not hold (removed since the tagger was
       * built) are not filed. */
      if (store->tag_ids[matches[m].tag] == 0)
        continue;
      if (story->tags == NULL)
        {
          story->tags = g_array_sized_new (FALSE, FALSE, sizeof (StagedTag), n);
          g_array_set_clear_func (story->tags, (GDestroyNotify) staged_tag_clear);
        }
      tag.tag_id = store->tag_ids[matches[m].tag];
      tag.title_count = matches[m].title_count;
      tag.body_count = matches[m].body_count;
      tag.aliases = g_strdup (matches[m].aliases);
      g_array_append_val (story->tags, tag);
    }
  return TRUE;
}

static StagedStory *
staged_by_guid (DossierStore *store,
                gint64        feed_id,
                const char   *guid)
{
  StagedStory key = { .feed_id = feed_id, .guid = (char *) guid };

  if (store->staged == NULL)
    return NULL;
  return g_hash_table_lookup (store->staged_by_guid, &key);
}

/* The story of the first staged story with @link from another feed, or 0. */
static gint64
staged_story_of_link (DossierStore *store,
                      const char   *link,
                      gint64        feed_id)
{
  GPtrArray *list;
  StagedStory *first = NULL;

  if (link == NULL || store->staged == NULL)
    return 0;
  list = g_hash_table_lookup (store->staged_by_link, link);
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      StagedStory *story = g_ptr_array_index (list, i);

      if (story->feed_id != feed_id && (first == NULL || story->id < first->id))
        first = story;
    }
  if (first == NULL)
    return 0;
  return first->story_id != 0 ? first->story_id : first->id;
}

/* The fields the item gives a story, staged or changed. */
static void
staged_story_set_item (StagedStory               *story,
                       const DossierParsedItem   *item,
                       const DossierPreparedItem *prepared,
                       const char                *lang,
                       gboolean                   indexed)
{
  story->link = g_strdup (item->link);
  story->title = g_strdup (item->title);
  story->author = g_strdup (item->author);
  story->summary = g_strdup (item->summary);
  story->content = g_strdup (item->content);
  story->lang = g_strdup (lang);
  story->categories = g_strdup (prepared->categories);
  story->enclosures = g_strdup (prepared->enclosures);
  story->html = g_strdup (item->html);
  story->hash = prepared->hash;
  story->updated = item->updated;
  story->indexed = indexed;
  story->index_title = indexed ? g_strdup (prepared->index_title) : NULL;
  story->index_summary = indexed ? g_strdup (prepared->index_summary) : NULL;
  story->index_content = indexed ? g_strdup (prepared->index_content) : NULL;
}

/* A new story staged with the id it will have. Undated items take their
 * update date, else when first seen. */
static StagedStory *
stage_story (DossierStore              *store,
             gint64                     feed_id,
             const DossierParsedItem   *item,
             const DossierPreparedItem *prepared,
             const char                *lang,
             gboolean                   indexed,
             gint64                     story_id,
             gint64                     now)
{
  StagedStory *story = g_new0 (StagedStory, 1);

  ensure_staging (store);
  /* The ids of new stories follow the newest stored one; the write lock
   * held since the transaction began keeps them free. */
  story->id = store->staged_next++;
  story->feed_id = feed_id;
  story->guid = g_strdup (item->guid);
  story->first_seen = now;
  story->story_id = story_id;
  story->undated = item->published == DOSSIER_DATE_NONE && item->updated == DOSSIER_DATE_NONE;
  story->published = item->published != DOSSIER_DATE_NONE ? item->published
                   : item->updated != DOSSIER_DATE_NONE ? item->updated : now;
  story->date_text = story->undated ? g_strdup (item->date_text) : NULL;
  staged_story_set_item (story, item, prepared, lang, indexed);
  g_ptr_array_add (store->staged, story);
  g_hash_table_add (store->staged_by_guid, story);
  staged_link_add (store, story);
  return story;
}

/* A staged story listed again, changed: as the UPDATE of a stored one
 * does it (read and starred stay; an item that lost its date keeps the one
 * it had, and an undated one that gains a date takes it). */
static void
restage_story (DossierStore              *store,
               StagedStory               *story,
               const DossierParsedItem   *item,
               const DossierPreparedItem *prepared,
               const char                *lang,
               gboolean                   indexed)
{
  gboolean still_undated = story->undated && item->published == DOSSIER_DATE_NONE &&
                           item->updated == DOSSIER_DATE_NONE;

  staged_link_remove (store, story);
  /* Inside a savepoint, what it was is kept to be put back; otherwise
   * only the whole transaction can be undone, and it takes the story. */
  if (store->staged_marks->len > 0)
    {
      StagedUndo *undo = g_new0 (StagedUndo, 1);

      undo->story = story;
      undo->before = *story;
      g_ptr_array_add (store->staged_undo, undo);
    }
  else
    staged_story_clear_fields (story);
  /* Filed again by the caller. */
  story->tags = NULL;

  if (item->published != DOSSIER_DATE_NONE)
    story->published = item->published;
  else if (story->undated && item->updated != DOSSIER_DATE_NONE)
    story->published = item->updated;
  story->date_text = still_undated ? g_strdup (item->date_text) : NULL;
  story->undated = still_undated;
  staged_story_set_item (story, item, prepared, lang, indexed);
  staged_link_add (store, story);
}

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
            gboolean                   indexed,
            gint64                     now,
            DossierMergeStats         *stats,
            GError                   **error)
{
  const char *categories = prepared->categories;
  const char *enclosures = prepared->enclosures;
  sqlite3_stmt *stmt;
  gint64 hash = prepared->hash;
  StagedStory *staged;
  gint64 existing = 0;
  gint64 old_hash = 0;
  gint64 story = 0;
  gint64 article_id;
  const char *lang = item->language != NULL ? item->language : feed->language;
  const DossierTagMatch *matches;
  guint n_matches = 0;

  if (item->guid == NULL)
    return TRUE;

  /* A feed may list an item twice: the second may find the first staged. */
  staged = staged_by_guid (store, feed_id, item->guid);
  if (staged != NULL)
    {
      existing = staged->id;
      old_hash = staged->hash;
    }
  else
    {
      /* One statement: the stored story of this guid, or else the story
       * that the same link from another feed is (the same story seen
       * again), which only a new item needs. */
      stmt = dossier_store_prepare (store,
        "SELECT id, hash, 0 FROM articles WHERE feed_id = ?1 AND guid = ?2"
        " UNION ALL SELECT 0, 0, COALESCE ((SELECT COALESCE (story_id, id) FROM articles"
        " WHERE link = ?3 AND feed_id != ?1 ORDER BY id LIMIT 1), 0)"
        " LIMIT 1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, feed_id);
      dossier_store_bind_text (stmt, 2, item->guid);
      dossier_store_bind_text (stmt, 3, item->link);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          dossier_store_set_error (store, _("Cannot store a story"), error);
          sqlite3_reset (stmt);
          return FALSE;
        }
      existing = sqlite3_column_int64 (stmt, 0);
      old_hash = sqlite3_column_int64 (stmt, 1);
      story = sqlite3_column_int64 (stmt, 2);
      sqlite3_reset (stmt);
    }

  if (existing != 0 && old_hash == hash)
    {
      stats->unchanged_articles++;
      return TRUE;
    }

  if (existing == 0)
    {
      /* Stored ids all come before staged ones. */
      if (story == 0)
        story = staged_story_of_link (store, item->link, feed_id);
      if (!start_staging (store, error))
        return FALSE;
      staged = stage_story (store, feed_id, item, prepared, lang, indexed, story, now);
      article_id = staged->id;
      stats->new_articles++;
    }
  else if (staged != NULL)
    {
      restage_story (store, staged, item, prepared, lang, indexed);
      article_id = existing;
      stats->updated_articles++;
    }
  else
    {
      /* Read and starred state stay; an item that lost its date keeps the
       * one it had, and an undated one that gains a date takes it. */
      stmt = dossier_store_prepare (store,
        "UPDATE articles SET link = ?2, title = ?3, author = ?4, summary = ?5, content = ?6,"
        " lang = ?7, categories = ?8, enclosures = ?9,"
        " published = COALESCE (?10, CASE WHEN undated THEN ?11 END, published),"
        " undated = undated AND ?10 IS NULL AND ?11 IS NULL,"
        " date_text = CASE WHEN undated AND ?10 IS NULL AND ?11 IS NULL THEN ?16 END,"
        " updated = ?11, hash = ?12 WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      bind_item (stmt, existing, item, lang, categories, enclosures, hash);
      dossier_store_bind_text (stmt, 16, item->date_text);
      if (!step_done (store, stmt, N_("Cannot update a story"), error))
        return FALSE;
      article_id = existing;
      stats->updated_articles++;
      /* The feed's own HTML of the story goes with it. */
      if (!dossier_store_keep_html (store, article_id, item->html, error))
        return FALSE;
    }

  /* Filed under its entities and topics in the same transaction: a new
   * story with what the worker found when it used the store's tagger; a
   * story stored before with its full article's text when one was
   * fetched, or when the user edited the entities since. */
  if (staged != NULL && tagged && prepared->matches != NULL)
    {
      matches = (const DossierTagMatch *) prepared->matches->data;
      n_matches = prepared->matches->len;
      if (!dossier_store_file_article (store, article_id, matches, n_matches, existing != 0, TRUE, error))
        return FALSE;
    }
  else
    {
      g_autofree char *full_text = staged == NULL ? dossier_store_full_text (store, article_id) : NULL;

      if (!(staged != NULL ? dossier_store_tag_staged : dossier_store_tag_article)
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

/* During a refresh, rows go several to a statement (see
 * dossier_store_flush_staged ()): each statement opens the table and its
 * eight indexes and closes them again, which cost a third of a row. With
 * the keys unchecked and no trigger, INSERT OR FAIL of many rows is no
 * statement that may need undoing. */
#define ROWS_LARGE 32
#define ROWS_SMALL 8

#define ARTICLE_ROW "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULLIF (?, 0), ?, ?, NULLIF (?, 0))"
#define HTML_ROW    "(?, ?)"

/* "INSERT OR FAIL @head VALUES @row, @row..." of @n rows, or the plain
 * INSERT of one (@n 0). */
static char *
rows_sql (const char *head,
          const char *row,
          guint       n)
{
  GString *sql = g_string_new (n > 0 ? "INSERT OR FAIL INTO " : "INSERT INTO ");

  g_string_append_printf (sql, "%s VALUES ", head);
  for (guint r = 0; r < MAX (n, 1); r++)
    g_string_append_printf (sql, r == 0 ? "%s" : ", %s", row);
  return g_string_free (sql, FALSE);
}

/* The statement for the next @count of @left rows: [0] one row, checked;
 * [1] one, [2] ROWS_SMALL, [3] ROWS_LARGE when @several. */
static sqlite3_stmt *
rows_statement (DossierStore        *store,
                const char * const  *texts,
                gboolean             several,
                guint                left,
                guint               *count,
                GError             **error)
{
  *count = !several ? 1 : left >= ROWS_LARGE ? ROWS_LARGE : left >= ROWS_SMALL ? ROWS_SMALL : 1;
  return dossier_store_prepare (store, !several ? texts[0] : *count == ROWS_LARGE ? texts[3]
                                       : *count == ROWS_SMALL ? texts[2] : texts[1], error);
}

/* The staged stories' rows, in the order of their ids (the end of the
 * table's tree), each with the event the grouper gave it (@events, by id
 * from staged_first; 0 for none). The search index's trigger stands
 * aside: the rows' words go in afterwards, all of them at once. */
static gboolean
insert_staged_rows (DossierStore  *store,
                    const gint64  *events,
                    GError       **error)
{
  static const char *texts[4];
  static gsize made;
  const char *head = "articles (id, feed_id, guid, link, title, author, summary, content, lang,"
                     " categories, enclosures, published, updated, hash, first_seen, story_id, undated,"
                     " date_text, event_id)";

  if (g_once_init_enter (&made))
    {
      texts[0] = rows_sql (head, ARTICLE_ROW, 0);
      texts[1] = rows_sql (head, ARTICLE_ROW, 1);
      texts[2] = rows_sql (head, ARTICLE_ROW, ROWS_SMALL);
      texts[3] = rows_sql (head, ARTICLE_ROW, ROWS_LARGE);
      g_once_init_leave (&made, 1);
    }

  for (guint i = 0; i < store->staged->len;)
    {
      guint count;
      sqlite3_stmt *stmt = rows_statement (store, texts, store->keys_unchecked, store->staged->len - i,
                                           &count, error);
      int column = 1;

      if (stmt == NULL)
        return FALSE;
      for (guint r = 0; r < count; r++, i++)
        {
          StagedStory *story = g_ptr_array_index (store->staged, i);

          sqlite3_bind_int64 (stmt, column++, story->id);
          sqlite3_bind_int64 (stmt, column++, story->feed_id);
          sqlite3_bind_text (stmt, column++, story->guid, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, column++, story->link, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, column++, story->title, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, column++, story->author, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, column++, story->summary, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, column++, story->content, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, column++, story->lang, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, column++, story->categories, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, column++, story->enclosures, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, column++, story->published);
          dossier_store_bind_date (stmt, column++, story->updated);
          sqlite3_bind_int64 (stmt, column++, story->hash);
          sqlite3_bind_int64 (stmt, column++, story->first_seen);
          sqlite3_bind_int64 (stmt, column++, story->story_id);
          sqlite3_bind_int (stmt, column++, story->undated);
          sqlite3_bind_text (stmt, column++, story->date_text, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, column++, events[story->id - store->staged_first]);
        }
      if (!step_done (store, stmt, N_("Cannot store a story"), error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
insert_staged_html (DossierStore  *store,
                    GError       **error)
{
  static const char *texts[4];
  static gsize made;
  g_autoptr(GPtrArray) with_html = g_ptr_array_sized_new (store->staged->len);

  if (g_once_init_enter (&made))
    {
      texts[0] = rows_sql ("article_html (article_id, html)", HTML_ROW, 0);
      texts[1] = rows_sql ("article_html (article_id, html)", HTML_ROW, 1);
      texts[2] = rows_sql ("article_html (article_id, html)", HTML_ROW, ROWS_SMALL);
      texts[3] = rows_sql ("article_html (article_id, html)", HTML_ROW, ROWS_LARGE);
      g_once_init_leave (&made, 1);
    }

  for (guint i = 0; i < store->staged->len; i++)
    {
      StagedStory *story = g_ptr_array_index (store->staged, i);

      if (story->html != NULL)
        g_ptr_array_add (with_html, story);
    }
  for (guint i = 0; i < with_html->len;)
    {
      guint count;
      sqlite3_stmt *stmt = rows_statement (store, texts, store->keys_unchecked, with_html->len - i,
                                           &count, error);
      int column = 1;

      if (stmt == NULL)
        return FALSE;
      for (guint r = 0; r < count; r++, i++)
        {
          StagedStory *story = g_ptr_array_index (with_html, i);

          sqlite3_bind_int64 (stmt, column++, story->id);
          sqlite3_bind_text (stmt, column++, story->html, -1, SQLITE_STATIC);
        }
      if (!step_done (store, stmt, N_("Cannot store a story"), error))
        return FALSE;
    }
  return TRUE;
}

/* The search index's key of a staged story, as DOSSIER_STORE_TIMELINE_KEY
 * makes it in SQL. */
static gint64
staged_key (const StagedStory *story)
{
  return (CLAMP (story->published, 0, G_GINT64_CONSTANT (17179869183)) << 29) | story->id;
}

static int
by_key (gconstpointer a,
        gconstpointer b)
{
  gint64 x = staged_key (*(StagedStory * const *) a), y = staged_key (*(StagedStory * const *) b);

  return x < y ? -1 : x > y;
}

/* The staged stories' words, a row at a time in the index's own order:
 * FTS5 gathers the rows of a transaction in memory and writes them out
 * once, unless a row comes below the one before or a statement that may
 * need undoing starts (a single row of values into the index is not one).
 * The words are those the trigger of schema 11 gives. */
static gboolean
insert_staged_words (DossierStore  *store,
                     GError       **error)
{
  g_autoptr(GPtrArray) order = g_ptr_array_sized_new (store->staged->len);

  for (guint i = 0; i < store->staged->len; i++)
    g_ptr_array_add (order, g_ptr_array_index (store->staged, i));
  g_ptr_array_sort (order, by_key);

  for (guint i = 0; i < order->len; i++)
    {
      StagedStory *story = g_ptr_array_index (order, i);
      sqlite3_stmt *stmt = dossier_store_prepare (store,
        "INSERT INTO articles_fts (rowid, title, summary, content) VALUES (?1, ?2, ?3, ?4)", error);

      if (stmt == NULL)
        return FALSE;
      if (!story->indexed)
        {
          story->index_title = story->title != NULL ? dossier_store_index_text (story->title, -1) : NULL;
          story->index_summary = story->summary != NULL ? dossier_store_index_text (story->summary, -1) : NULL;
          story->index_content = story->content != NULL ? dossier_store_index_text (story->content, -1) : NULL;
          story->indexed = TRUE;
        }
      sqlite3_bind_int64 (stmt, 1, staged_key (story));
      sqlite3_bind_text (stmt, 2, story->index_title, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, story->index_summary, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, story->index_content, -1, SQLITE_STATIC);
      if (!step_done (store, stmt, N_("Cannot store a story"), error))
        return FALSE;
    }
  return TRUE;
}

/* The staged stories' tag rows, in the order of article_tags' key, and
 * their counts added up once for the batch (the row triggers, which cost
 * a third of writing the rows, stand aside meanwhile). */
static gboolean
insert_staged_tags (DossierStore  *store,
                    const gint64  *events,
                    GError       **error)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (DossierTagRow));

  for (guint i = 0; i < store->staged->len; i++)
    {
      StagedStory *story = g_ptr_array_index (store->staged, i);

      for (guint t = 0; story->tags != NULL && t < story->tags->len; t++)
        {
          const StagedTag *tag = &g_array_index (story->tags, StagedTag, t);
          DossierTagRow row = {
            .tag_id = tag->tag_id,
            .published = story->published,
            .article_id = story->id,
            .title_count = tag->title_count,
            .body_count = tag->body_count,
            .leads = events[story->id - store->staged_first] == 0,
            .aliases = tag->aliases,
          };

          g_array_append_val (rows, row);
        }
    }
  return dossier_store_insert_tag_rows (store, rows, error);
}

/* The event each staged story follows, as the grouper left it in
 * temp.staged_events: by id from staged_first, 0 for a lead. */
static gint64 *
staged_events (DossierStore  *store,
               GError       **error)
{
  gint64 n = store->staged_next - store->staged_first;
  g_autofree gint64 *events = g_new0 (gint64, MAX (n, 1));
  sqlite3_stmt *stmt = dossier_store_prepare (store,
    "SELECT article_id, event_id FROM temp.staged_events WHERE event_id IS NOT NULL", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (id >= store->staged_first && id < store->staged_next)
        events[id - store->staged_first] = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dossier_store_set_error (store, _("Cannot store a story"), error);
      return NULL;
    }
  return g_steal_pointer (&events);
}

gboolean
dossier_store_flush_staged (DossierStore  *store,
                            GError       **error)
{
  g_autofree gint64 *events = NULL;
  int keys_were_on = 0;
  gboolean ok;

  if (store->staged_next == 0)
    return TRUE;
  ensure_staging (store);
  events = staged_events (store, error);
  if (events == NULL)
    return FALSE;

  /* The rows, their HTML and their tag rows go in with the connection's
   * triggers off. The only triggers these inserts fire stand aside during
   * a flush anyway (dossier_index_deferred (), dossier_tags_counted ()),
   * but a table with a trigger makes each INSERT a statement that may
   * need undoing: SQLite copied every page it changed into a statement
   * journal and threw the copy away at its end, 15% of the writer's work.
   * Switching triggers expires the connection's prepared statements, so
   * they are prepared again at their next step, twice a batch. Should
   * the switch fail, the triggers' own conditions still hold them back. */
  sqlite3_db_config (store->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
  /* During a refresh their foreign keys are not checked either. Its
   * transactions only merge feeds, so each row's feed, story and tag is
   * there (the feed was updated in the same transaction, the story is
   * inserted just before, the tag ids are the store's as the transaction
   * reads them), and nothing is deleted, so no cascade is missed. The
   * checks were a look-up or two a row, and they made every statement of
   * many rows one that may need undoing: 6% of the writer's work outside
   * grouping. Unlike the PRAGMA, this switch works inside a transaction. */
  if (store->bulk)
    sqlite3_db_config (store->db, SQLITE_DBCONFIG_ENABLE_FKEY, -1, &keys_were_on);
  store->keys_unchecked = keys_were_on &&
                          sqlite3_db_config (store->db, SQLITE_DBCONFIG_ENABLE_FKEY, 0, NULL) == SQLITE_OK;
  store->index_deferred = TRUE;
  ok = insert_staged_rows (store, events, error) &&
       insert_staged_html (store, error) &&
       insert_staged_tags (store, events, error);
  store->index_deferred = FALSE;
  if (store->keys_unchecked)
    sqlite3_db_config (store->db, SQLITE_DBCONFIG_ENABLE_FKEY, 1, NULL);
  store->keys_unchecked = FALSE;
  sqlite3_db_config (store->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 1, NULL);
  if (!ok ||
      /* Why each staged story follows its event, now that it is stored. */
      !dossier_store_exec (store,
        "INSERT INTO event_links (article_id, matched_id, why)"
        " SELECT article_id, matched_id, why FROM temp.staged_events WHERE why IS NOT NULL;"
        "DELETE FROM temp.staged_events;", error) ||
      /* Last, so that no other statement makes FTS5 write out its rows
       * before the commit does. */
      !insert_staged_words (store, error))
    return FALSE;
  dossier_store_staging_clear (store);
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
  if (!step_done (store, stmt, N_("Cannot update the feed"), error))
    return FALSE;
  if (sqlite3_changes (store->db) == 0)
    {
      dossier_store_set_no_feed (error, feed_id);
      return FALSE;
    }

  /* The workers made the search words of every item of a feed they
   * tagged, with whichever tagger. */
  for (guint i = 0; i < feed->items->len; i++)
    if (!merge_item (store, feed_id, feed, g_ptr_array_index (feed->items, i), &prepared->items[i],
                     tagged, prepared->tagger != NULL, now, &local, error))
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
  if (!step_done (store, stmt, N_("Cannot update the story"), error))
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
  if (!step_done (store, stmt, N_("Cannot delete old stories"), error))
    goto fail;
  deleted = sqlite3_changes (store->db);
  /* Groupers that held the stories deleted would put the same news
   * into an event whose lead is gone. */
  if (deleted > 0 && !dossier_store_events_stale (store, error))
    goto fail;
  if (!dossier_store_commit (store, error))
    goto fail;
  return deleted;

fail:
  dossier_store_rollback (store);
  return -1;
}
