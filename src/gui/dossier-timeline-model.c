/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-timeline-model"

#include "config.h"

#include <string.h>

#include "dossier-context-events.h"
#include "dossier-timeline-model.h"

#define PAGE_SIZE 100
/* More changes than this after a reload replace the list instead. */
#define MAX_CHANGES 64
/* A new list is told to the view this many stories at a time, one batch
 * a frame: a list view makes rows for all it is told of, up to a few
 * hundred, and making them all at once stalls the window. */
#define BATCH 12
/* The first batch is half of one: its frame also lays out the list view
 * that replaced the empty page. */
#define FIRST_BATCH (BATCH / 2)
/* A frame at 60 Hz. An idle would run several batches between two slow
 * frames, and the frame after them would lay out all their rows at once. */
#define BATCH_INTERVAL_MS 16

/* Everything here is owned by the main thread. */
struct _DossierTimelineModel
{
  GObject         parent_instance;

  DossierContext *context;
  DossierQuery   *query;          /* our own copy */

  GArray         *ids;            /* gint64, newest first: those told */
  GArray         *untold;         /* the whole new list, while ids grows */
  guint           grow_id;
  GHashTable     *items;          /* id -> DossierStoryItem */
  GHashTable     *pages;          /* page + 1 -> stories asked for */
  GCancellable   *cancellable;    /* the current query's list of ids */
  /* The pages' reads. A reload of the same query keeps them going: the
   * rows bound to their items are not asked for again when the list is
   * unchanged, and would stay blank if their page were never read. */
  GCancellable   *page_cancellable;
  gboolean        loading;
  gboolean        same_query;     /* a reload: tell what changed */
  gint64          n_stories;      /* the query's stories, with its events; -1 */
};

/* One step from the old list to the new: at @position, @removed stories
 * go and the new list's @added from @from come. */
typedef struct {
  guint position;
  guint removed;
  guint added;
  guint from;
} Change;

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DossierTimelineModel, dossier_timeline_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_LOADING,
  PROP_N_STORIES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_loading (DossierTimelineModel *self,
             gboolean              loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static DossierStoryItem *
loaded_item_at (DossierTimelineModel *self,
                guint                 position)
{
  DossierStoryItem *item;

  if (position >= self->ids->len)
    return NULL;
  item = g_hash_table_lookup (self->items, &g_array_index (self->ids, gint64, position));
  return item != NULL && dossier_story_item_get_loaded (item) ? item : NULL;
}

static gint64
local_day (gint64 published)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (published);

  return when != NULL ? g_date_time_get_year (when) * 1000 + g_date_time_get_day_of_year (when) : 0;
}

/* Marks the newest story of each day among @start .. @end, and the one
 * after, whose heading depends on the last of these. */
static void
mark_days (DossierTimelineModel *self,
           guint                 start,
           guint                 end)
{
  for (guint position = start; position <= end && position < self->ids->len; position++)
    {
      DossierStoryItem *item = loaded_item_at (self, position);
      DossierStoryItem *previous = position > 0 ? loaded_item_at (self, position - 1) : NULL;

      if (item == NULL)
        continue;
      /* Unknown until the page before is read: a heading rather than
       * none. */
      if (position > 0 && previous == NULL)
        dossier_story_item_set_first_of_day (item, TRUE);
      else
        dossier_story_item_set_first_of_day (item, previous == NULL ||
                                             local_day (dossier_story_item_get_published (item)) !=
                                             local_day (dossier_story_item_get_published (previous)));
    }
}

typedef struct {
  DossierTimelineModel *self;
  guint                 page;
  GArray               *ids;     /* the page's ids when asked for */
} PageRequest;

static void request_page (DossierTimelineModel *self,
                          guint                 page);

/* Every story of a page read gets its item now, not only those the list
 * has asked for yet: the page is not read again, and a row bound later
 * would otherwise stay empty. */
static void
fill_items (DossierTimelineModel *self,
            GPtrArray            *articles)
{
  for (guint i = 0; i < articles->len; i++)
    {
      DossierArticle *article = g_ptr_array_index (articles, i);
      DossierStoryItem *item = g_hash_table_lookup (self->items, &article->id);

      /* Listed one by one, a story is itself: not its event's title and
       * sources. */
      if (!self->query->events)
        {
          g_clear_pointer (&article->event_title, g_free);
          g_clear_pointer (&article->event_languages, g_free);
          article->event_stories = 1;
        }
      if (item == NULL)
        {
          item = dossier_story_item_new (article->id);
          g_hash_table_insert (self->items, g_memdup2 (&article->id, sizeof article->id), item);
        }
      dossier_story_item_fill (item, article);
      dossier_story_item_set_search (item, self->query->search);
    }
}

static void
on_page_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PageRequest *request = user_data;
  g_autoptr(DossierTimelineModel) self = request->self;
  guint page = request->page;
  g_autoptr(GArray) asked = request->ids;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) articles = NULL;
  guint start = page * PAGE_SIZE;

  g_free (request);

  articles = dossier_context_get_articles_finish (DOSSIER_CONTEXT (source), result, &error);
  if (articles == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_warning ("Cannot read stories: %s", error->message);
      /* Asked for again by the next row that shows one of them. */
      g_hash_table_remove (self->pages, GUINT_TO_POINTER (page + 1));
      return;
    }
  fill_items (self, articles);
  mark_days (self, start, (page + 1) * PAGE_SIZE);

  /* The list changed under the page while it was read (a reload's
   * changes arrive step by step): read it again as it is now. */
  if (start < self->ids->len &&
      (MIN (PAGE_SIZE, self->ids->len - start) != asked->len ||
       memcmp (&g_array_index (self->ids, gint64, start), asked->data, asked->len * sizeof (gint64)) != 0))
    {
      g_hash_table_remove (self->pages, GUINT_TO_POINTER (page + 1));
      request_page (self, page);
    }
}

static void
request_page (DossierTimelineModel *self,
              guint                 page)
{
  guint start = page * PAGE_SIZE;
  guint n = MIN (PAGE_SIZE, self->ids->len - start);
  PageRequest *request;

  /* Asked for already, unless the list has grown into the page since. */
  if (GPOINTER_TO_UINT (g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page + 1))) >= n)
    return;
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (page + 1), GUINT_TO_POINTER (n));
  request = g_new0 (PageRequest, 1);
  request->self = g_object_ref (self);
  request->page = page;
  request->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
  g_array_append_vals (request->ids, &g_array_index (self->ids, gint64, start), n);
  dossier_context_get_articles_async (self->context, &g_array_index (self->ids, gint64, start), n,
                                      self->page_cancellable, on_page_read_cb, request);
}

static GType
dossier_timeline_model_get_item_type (GListModel *model)
{
  return DOSSIER_TYPE_STORY_ITEM;
}

static guint
dossier_timeline_model_get_n_items (GListModel *model)
{
  return DOSSIER_TIMELINE_MODEL (model)->ids->len;
}

static gpointer
dossier_timeline_model_get_item (GListModel *model,
                                 guint       position)
{
  DossierTimelineModel *self = DOSSIER_TIMELINE_MODEL (model);
  DossierStoryItem *item;
  gint64 id;

  if (position >= self->ids->len)
    return NULL;
  id = g_array_index (self->ids, gint64, position);
  item = g_hash_table_lookup (self->items, &id);
  if (item == NULL)
    {
      item = dossier_story_item_new (id);
      g_hash_table_insert (self->items, g_memdup2 (&id, sizeof id), item);
    }
  if (!dossier_story_item_get_loaded (item))
    request_page (self, position / PAGE_SIZE);
  else
    /* The list around it may have changed since it was read. */
    mark_days (self, position, position);
  return g_object_ref (item);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = dossier_timeline_model_get_item_type;
  iface->get_n_items = dossier_timeline_model_get_n_items;
  iface->get_item = dossier_timeline_model_get_item;
}

/* The steps from @old to @new, both in the timeline's order, or NULL
 * when there are more than MAX_CHANGES. A story that moved goes and
 * comes back. */
static GArray *
diff_ids (GArray *old,
          GArray *new)
{
  g_autoptr(GHashTable) in_old = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) in_new = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) gone = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));
  const gint64 *a = (const gint64 *) old->data;
  const gint64 *b = (const gint64 *) new->data;
  guint i = 0, j = 0, position = 0;

  for (guint k = 0; k < old->len; k++)
    g_hash_table_add (in_old, (gpointer) &a[k]);
  for (guint k = 0; k < new->len; k++)
    g_hash_table_add (in_new, (gpointer) &b[k]);

  while (i < old->len || j < new->len)
    {
      Change change = { position, 0, 0, j };

      if (i < old->len && j < new->len && a[i] == b[j])
        {
          i++, j++, position++;
          continue;
        }
      if (j < new->len && (!g_hash_table_contains (in_old, &b[j]) || g_hash_table_contains (gone, &b[j])))
        {
          while (j < new->len && (!g_hash_table_contains (in_old, &b[j]) || g_hash_table_contains (gone, &b[j])))
            change.added++, j++;
          position += change.added;
        }
      else
        {
          /* Gone from the list, or listed further down now. */
          while (i < old->len && (j >= new->len || a[i] != b[j]) &&
                 (!g_hash_table_contains (in_new, &a[i]) || change.removed == 0))
            {
              if (g_hash_table_contains (in_new, &a[i]))
                g_hash_table_add (gone, (gpointer) &a[i]);
              change.removed++, i++;
            }
        }
      g_array_append_val (changes, change);
      if (changes->len > MAX_CHANGES)
        return NULL;
    }
  return g_steal_pointer (&changes);
}

typedef struct {
  GArray *old;
  GArray *new;
} DiffData;

static void
diff_data_free (DiffData *data)
{
  g_array_unref (data->old);
  g_array_unref (data->new);
  g_free (data);
}

static void
diff_in_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  DiffData *data = task_data;

  g_task_return_pointer (task, diff_ids (data->old, data->new), (GDestroyNotify) g_array_unref);
}

/* Keeps the items of stories still listed, so that a row does not blink
 * and a selection keeps its object; returns the pages that had been read
 * (guint), for reread_pages (). */
static GArray *
keep_items (DossierTimelineModel *self,
            GArray               *ids)
{
  GArray *read = g_array_new (FALSE, FALSE, sizeof (guint));
  GHashTableIter iter;
  gpointer page;
  g_autoptr(GHashTable) kept = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);

  for (guint i = 0; i < ids->len && g_hash_table_size (self->items) > 0; i++)
    {
      gint64 *id = &g_array_index (ids, gint64, i);
      gpointer key = NULL, item = NULL;

      if (g_hash_table_steal_extended (self->items, id, &key, &item))
        {
          /* Listed now for this query's words, which its row marks. */
          dossier_story_item_set_search (item, self->query->search);
          g_hash_table_insert (kept, key, item);
        }
    }
  g_hash_table_unref (self->items);
  self->items = g_steal_pointer (&kept);
  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, &page, NULL))
    {
      guint index = GPOINTER_TO_UINT (page) - 1;

      g_array_append_val (read, index);
    }
  g_hash_table_remove_all (self->pages);
  return read;
}

/* A kept item says what its story was when its page was read: a reload
 * reads again the pages the rows showed (moved down by @shift rows when
 * new stories came on top), so that a row whose event took in another
 * source, or was grouped at last, says so. */
static void
reread_pages (DossierTimelineModel *self,
              GArray               *read,
              guint                 shift)
{
  for (guint i = 0; i < read->len; i++)
    {
      guint first = g_array_index (read, guint, i) * PAGE_SIZE + shift;

      for (guint page = first / PAGE_SIZE; page <= (first + PAGE_SIZE - 1) / PAGE_SIZE; page++)
        if (page * PAGE_SIZE < self->ids->len)
          request_page (self, page);
    }
}

/* Tells the view of the rest of a list still being told, at once. */
static void
finish_growing (DossierTimelineModel *self)
{
  guint start = self->ids->len;

  if (self->untold == NULL)
    return;
  g_clear_handle_id (&self->grow_id, g_source_remove);
  g_array_append_vals (self->ids, &g_array_index (self->untold, gint64, start), self->untold->len - start);
  g_clear_pointer (&self->untold, g_array_unref);
  g_list_model_items_changed (G_LIST_MODEL (self), start, 0, self->ids->len - start);
}

static gboolean
grow_cb (gpointer user_data)
{
  DossierTimelineModel *self = user_data;
  guint start = self->ids->len;
  /* A screenful at a time while the view makes the rows it shows; then,
   * as many again as told so far: telling a list view of thousands of
   * rows at once stalls it too, if less than making them. */
  guint n = MIN (start < 16 * BATCH ? BATCH : start, self->untold->len - start);

  if (start + n == self->untold->len)
    {
      self->grow_id = 0;
      finish_growing (self);
      return G_SOURCE_REMOVE;
    }
  g_array_append_vals (self->ids, &g_array_index (self->untold, gint64, start), n);
  g_list_model_items_changed (G_LIST_MODEL (self), start, 0, n);
  return G_SOURCE_CONTINUE;
}

/* @first: the rows of the first page of @ids, read with them, or NULL. */
static void
replace_ids (DossierTimelineModel *self,
             GArray               *ids,
             GPtrArray            *first)
{
  guint removed = self->ids->len;
  guint told;

  g_autoptr(GArray) read = NULL;

  g_clear_handle_id (&self->grow_id, g_source_remove);
  g_clear_pointer (&self->untold, g_array_unref);
  read = keep_items (self, ids);
  g_array_unref (self->ids);
  if (ids->len <= BATCH)
    {
      self->ids = g_array_ref (ids);
      told = self->ids->len;
    }
  else
    {
      /* The first screenful now, the rest over the next frames; at an
       * idle priority, so a frame due is drawn before the next batch. */
      self->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), ids->len);
      g_array_append_vals (self->ids, ids->data, FIRST_BATCH);
      self->untold = g_array_ref (ids);
      self->grow_id = g_timeout_add_full (G_PRIORITY_DEFAULT_IDLE, BATCH_INTERVAL_MS, grow_cb, self, NULL);
      told = FIRST_BATCH;
    }
  /* The rows the view makes now are bound to stories already read: they
   * show whole in the frame that lays them out. */
  if (first != NULL)
    {
      fill_items (self, first);
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (1), GUINT_TO_POINTER (first->len));
      mark_days (self, 0, told);
    }
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, told);
  reread_pages (self, read, 0);
  /* Told last, when the list and what the view knows of it agree: a
   * handler of "loading" reads the list (it read the freed one before). */
  set_loading (self, FALSE);
}

static void
on_diff_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  DossierTimelineModel *self = DOSSIER_TIMELINE_MODEL (source);
  DiffData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GArray) changes = g_task_propagate_pointer (G_TASK (result), NULL);
  g_autoptr(GArray) read = NULL;

  if (g_task_had_error (G_TASK (result)) || data->old != self->ids)
    return;   /* another query came meanwhile */
  if (changes == NULL)
    {
      replace_ids (self, data->new, NULL);
      return;
    }

  /* Step by step, so that the list, its scroll position and the
   * selection follow each change. */
  read = keep_items (self, data->new);
  for (guint k = 0; k < changes->len; k++)
    {
      Change *change = &g_array_index (changes, Change, k);

      if (change->removed > 0)
        g_array_remove_range (self->ids, change->position, change->removed);
      if (change->added > 0)
        g_array_insert_vals (self->ids, change->position, &g_array_index (data->new, gint64, change->from),
                             change->added);
      g_list_model_items_changed (G_LIST_MODEL (self), change->position, change->removed, change->added);
    }
  g_warn_if_fail (self->ids->len == data->new->len);
  reread_pages (self, read, 0);
  set_loading (self, FALSE);
}

static void
on_ids_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DossierTimelineModel) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GTask) task = NULL;
  DiffData *data;
  guint added;

  ids = dossier_context_query_ids_finish (DOSSIER_CONTEXT (source), result, &error);
  if (ids == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_warning ("Cannot list stories: %s", error->message);
      ids = g_array_new (FALSE, FALSE, sizeof (gint64));
    }

  if (!self->same_query || self->ids->len == 0)
    {
      replace_ids (self, ids, NULL);
      return;
    }
  finish_growing (self);

  /* After a refresh the new stories are usually all at the top: saying
   * only that is quick. */
  added = ids->len >= self->ids->len ? ids->len - self->ids->len : 0;
  if (ids->len >= self->ids->len &&
      memcmp (&g_array_index (ids, gint64, added), self->ids->data, self->ids->len * sizeof (gint64)) == 0)
    {
      g_autoptr(GArray) read = keep_items (self, ids);

      g_array_unref (self->ids);
      self->ids = g_steal_pointer (&ids);
      if (added > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, added);
      reread_pages (self, read, added);
      set_loading (self, FALSE);
      return;
    }

  /* Otherwise the changes are found in a worker: a long list takes a
   * while to compare. */
  data = g_new0 (DiffData, 1);
  data->old = g_array_ref (self->ids);
  data->new = g_steal_pointer (&ids);
  task = g_task_new (self, self->cancellable, on_diff_done_cb, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) diff_data_free);
  g_task_run_in_thread (task, diff_in_thread);
}

static void
on_stories_counted_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(DossierTimelineModel) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 n = dossier_context_count_stories_finish (DOSSIER_CONTEXT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (n < 0)
    g_warning ("Cannot count stories: %s", error->message);
  self->n_stories = n;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_STORIES]);
}

/* A new list's ids, and the rows of its first page with them. */
static void
on_first_page_read_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(DossierTimelineModel) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierQueryPage) page = NULL;
  g_autoptr(GArray) none = NULL;

  page = dossier_context_query_page_finish (DOSSIER_CONTEXT (source), result, &error);
  if (page == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_warning ("Cannot list stories: %s", error->message);
      none = g_array_new (FALSE, FALSE, sizeof (gint64));
      replace_ids (self, none, NULL);
      return;
    }
  replace_ids (self, page->ids, page->articles);
}

static void
run_query (DossierTimelineModel *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  /* A new list (not a reload of the one shown) comes with its first
   * page, read in the same job. */
  if (!self->same_query || self->ids->len == 0)
    dossier_context_query_page_async (self->context, self->query, PAGE_SIZE, self->cancellable,
                                      on_first_page_read_cb, g_object_ref (self));
  else
    dossier_context_query_ids_async (self->context, self->query, self->cancellable,
                                     on_ids_read_cb, g_object_ref (self));
  /* Rows of events: the header says how many stories they hold too. */
  if (self->query->events)
    {
      /* Not the last query's count, should its rows come first. */
      self->n_stories = -1;
      dossier_context_count_stories_async (self->context, self->query, self->cancellable,
                                         on_stories_counted_cb, g_object_ref (self));
    }
  else if (self->n_stories >= 0)
    {
      self->n_stories = -1;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_STORIES]);
    }
}

static void
dossier_timeline_model_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  DossierTimelineModel *self = DOSSIER_TIMELINE_MODEL (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_N_STORIES:
      g_value_set_int64 (value, self->n_stories);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_timeline_model_dispose (GObject *object)
{
  DossierTimelineModel *self = DOSSIER_TIMELINE_MODEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->page_cancellable);
  g_clear_object (&self->page_cancellable);
  g_clear_handle_id (&self->grow_id, g_source_remove);
  g_clear_pointer (&self->untold, g_array_unref);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (dossier_timeline_model_parent_class)->dispose (object);
}

static void
dossier_timeline_model_finalize (GObject *object)
{
  DossierTimelineModel *self = DOSSIER_TIMELINE_MODEL (object);

  dossier_query_free (self->query);
  g_array_unref (self->ids);
  g_hash_table_unref (self->items);
  g_hash_table_unref (self->pages);

  G_OBJECT_CLASS (dossier_timeline_model_parent_class)->finalize (object);
}

static void
dossier_timeline_model_class_init (DossierTimelineModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = dossier_timeline_model_get_property;
  object_class->dispose = dossier_timeline_model_dispose;
  object_class->finalize = dossier_timeline_model_finalize;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* With rows of events, the stories they hold, copies and all; -1 when
   * the rows are stories or not counted yet. */
  properties[PROP_N_STORIES] =
    g_param_spec_int64 ("n-stories", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dossier_timeline_model_init (DossierTimelineModel *self)
{
  self->query = g_new0 (DossierQuery, 1);
  dossier_query_init (self->query);
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->items = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->pages = g_hash_table_new (g_direct_hash, g_direct_equal);
  self->page_cancellable = g_cancellable_new ();
  self->n_stories = -1;
}

DossierTimelineModel *
dossier_timeline_model_new (DossierContext *context)
{
  DossierTimelineModel *self = g_object_new (DOSSIER_TYPE_TIMELINE_MODEL, NULL);

  self->context = g_object_ref (context);
  return self;
}

void
dossier_timeline_model_set_query (DossierTimelineModel *self,
                                  const DossierQuery   *query)
{
  g_return_if_fail (DOSSIER_IS_TIMELINE_MODEL (self));

  dossier_query_free (self->query);
  self->query = dossier_query_copy (query);
  self->same_query = FALSE;
  /* The old list's pages are of no use now: every row of the new one is
   * asked for, and read, anew. */
  g_cancellable_cancel (self->page_cancellable);
  g_clear_object (&self->page_cancellable);
  self->page_cancellable = g_cancellable_new ();
  g_hash_table_remove_all (self->pages);
  run_query (self);
}

void
dossier_timeline_model_reload (DossierTimelineModel *self)
{
  g_return_if_fail (DOSSIER_IS_TIMELINE_MODEL (self));

  /* Unless a new query is still on its way, the list only changes. */
  if (!self->loading)
    self->same_query = TRUE;
  run_query (self);
}

gboolean
dossier_timeline_model_get_loading (DossierTimelineModel *self)
{
  g_return_val_if_fail (DOSSIER_IS_TIMELINE_MODEL (self), FALSE);

  return self->loading;
}

void
dossier_timeline_model_set_all_read (DossierTimelineModel *self)
{
  GHashTableIter iter;
  gpointer item;

  g_return_if_fail (DOSSIER_IS_TIMELINE_MODEL (self));

  /* Only the items rows have asked for exist; the rest are read from the
   * database when shown. */
  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, NULL, &item))
    dossier_story_item_set_read (item, TRUE);
}

gint64
dossier_timeline_model_get_n_stories (DossierTimelineModel *self)
{
  g_return_val_if_fail (DOSSIER_IS_TIMELINE_MODEL (self), -1);

  return self->n_stories;
}

guint
dossier_timeline_model_get_total (DossierTimelineModel *self)
{
  g_return_val_if_fail (DOSSIER_IS_TIMELINE_MODEL (self), 0);

  return self->untold != NULL ? self->untold->len : self->ids->len;
}
