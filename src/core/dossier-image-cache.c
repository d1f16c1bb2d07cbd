/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-image-cache"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "dossier-error.h"
#include "dossier-fetcher.h"
#include "dossier-url.h"
#include "dossier-image-cache.h"

/* A cache file is the Content-Type, a newline, then the image's bytes. */
#define MAX_TYPE_LENGTH  127
#define HASH_LENGTH      64      /* SHA-256 in hex: the file names */
/* Remembered failures, past which the expired ones are dropped. */
#define FAILURES_SOFT_MAX 512

struct _DossierImageCache
{
  GObject       parent_instance;

  /* Set at construction, then read by any thread. */
  char         *dir;

  /* The owner thread's (see dossier_image_cache_new ()). */
  GMainContext *context;
  DossierFetcher *fetcher;
  GHashTable   *pending;     /* key → Pending *: lookups and fetches under way */
  GHashTable   *failures;    /* key → Failure * */
  GQueue        queue;       /* Pending * waiting for a fetch slot */
  guint         active;      /* fetches on the network */
  guint         max_fetches;
  gsize         max_image;

  /* Guarded by disk_lock, for the worker threads that write and trim. */
  GMutex        disk_lock;
  guint64       max_total;
  gint64        disk_total;  /* bytes in the folder, as last counted; -1 unknown */
};

G_DEFINE_FINAL_TYPE (DossierImageCache, dossier_image_cache, G_TYPE_OBJECT)

typedef struct {
  GBytes *bytes;
  char   *content_type;
} Image;

typedef struct {
  gint64  when;              /* monotonic */
  GError *error;
} Failure;

/* One URL's way to its bytes, shared by every caller that asks for it
 * with the same right to local addresses (request_key ()). */
typedef struct {
  DossierImageCache *cache;      /* a reference while it lasts */
  char              *key;
  char              *url;
  char              *origin;     /* the feed it is fetched for, or NULL */
  char              *path;
  GPtrArray         *waiters;    /* GTask * (references): the callers */
  GCancellable      *cancellable; /* cancelled when no caller waits */
  gboolean           queued;
} Pending;

/* The task data of a caller's GTask. */
typedef struct {
  char   *key;
  gulong  cancelled_id;
} Caller;

typedef struct {
  char    *path;
  gsize    max_image;
} Lookup;

typedef struct {
  char    *path;
  GBytes  *contents;         /* type line and image */
} Store;

static void
image_free (Image *image)
{
  g_clear_pointer (&image->bytes, g_bytes_unref);
  g_free (image->content_type);
  g_free (image);
}

static Image *
image_copy (const Image *image)
{
  Image *copy = g_new0 (Image, 1);

  copy->bytes = g_bytes_ref (image->bytes);
  copy->content_type = g_strdup (image->content_type);
  return copy;
}

static void
failure_free (Failure *failure)
{
  g_clear_error (&failure->error);
  g_free (failure);
}

static void
caller_free (Caller *caller)
{
  g_free (caller->key);
  g_free (caller);
}

static void
lookup_free (Lookup *lookup)
{
  g_free (lookup->path);
  g_free (lookup);
}

static void
store_free (Store *store)
{
  g_free (store->path);
  g_clear_pointer (&store->contents, g_bytes_unref);
  g_free (store);
}

static void
pending_free (Pending *pending)
{
  g_assert (pending->waiters->len == 0);
  g_ptr_array_unref (pending->waiters);
  g_clear_object (&pending->cancellable);
  g_free (pending->key);
  g_free (pending->url);
  g_free (pending->origin);
  g_free (pending->path);
  g_clear_object (&pending->cache);
  g_free (pending);
}

static gboolean
is_image_type (const char *type)
{
  return type != NULL && g_ascii_strncasecmp (type, "image/", 6) == 0 && type[6] != '\0' &&
         strlen (type) <= MAX_TYPE_LENGTH && strpbrk (type, "\r\n") == NULL;
}

/* ---- The folder (worker threads) --------------------------------------- */

static gboolean
is_cache_name (const char *name)
{
  if (strlen (name) != HASH_LENGTH)
    return FALSE;
  for (const char *c = name; *c != '\0'; c++)
    if (!g_ascii_isxdigit (*c))
      return FALSE;
  return TRUE;
}

typedef struct {
  GFile  *file;
  gint64  mtime;             /* microseconds */
  guint64 size;
} Entry;

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const Entry *x = a;
  const Entry *y = b;

  return (x->mtime > y->mtime) - (x->mtime < y->mtime);
}

/* Removes the oldest files until the folder holds at most @max_total
 * bytes; returns what it then holds. */
static guint64
trim_folder (const char *dir,
             guint64     max_total)
{
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  guint64 total = 0;

  enumerator = g_file_enumerate_children (folder,
                                          G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                          G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                          G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                                          G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                                          G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                                          G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (enumerator == NULL)
    return 0;

  while (TRUE)
    {
      GFileInfo *info = NULL;
      GFile *child = NULL;
      Entry entry;

      if (!g_file_enumerator_iterate (enumerator, &info, &child, NULL, NULL) || info == NULL)
        break;
      if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR ||
          !is_cache_name (g_file_info_get_name (info)))
        continue;
      entry.file = g_object_ref (child);
      entry.size = g_file_info_get_size (info);
      entry.mtime = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED) * G_USEC_PER_SEC +
                    g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC);
      total += entry.size;
      g_array_append_val (entries, entry);
    }

  g_array_sort (entries, compare_entries);
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = &g_array_index (entries, Entry, i);

      if (total > max_total && g_file_delete (entry->file, NULL, NULL))
        total -= entry->size;
      g_object_unref (entry->file);
    }
  return total;
}

static void
lookup_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Lookup *lookup = task_data;
  g_autofree char *contents = NULL;
  const char *newline;
  GStatBuf buf;
  gsize length = 0;
  Image *image;

  /* A miss is no error: the network is asked next. */
  if (g_stat (lookup->path, &buf) != 0 || !S_ISREG (buf.st_mode) ||
      (guint64) buf.st_size > lookup->max_image + MAX_TYPE_LENGTH + 1 ||
      g_get_real_time () / G_USEC_PER_SEC - (gint64) buf.st_mtime > DOSSIER_IMAGE_CACHE_MAX_AGE ||
      !g_file_get_contents (lookup->path, &contents, &length, NULL))
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  newline = memchr (contents, '\n', MIN (length, MAX_TYPE_LENGTH + 1));
  if (newline == NULL || (gsize) (newline + 1 - contents) >= length)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  image = g_new0 (Image, 1);
  image->content_type = g_strndup (contents, newline - contents);
  if (!is_image_type (image->content_type))
    {
      image_free (image);
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  image->bytes = g_bytes_new (newline + 1, length - (newline + 1 - contents));
  g_task_return_pointer (task, image, (GDestroyNotify) image_free);
}

static void
store_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  DossierImageCache *self = source;
  Store *store = task_data;
  g_autoptr(GFile) file = g_file_new_for_path (store->path);
  g_autoptr(GError) error = NULL;
  gsize size = g_bytes_get_size (store->contents);

  /* Written to a temporary file and renamed: a reader never sees half an
   * image, whatever happens meanwhile. */
  if (g_mkdir_with_parents (self->dir, 0700) != 0 ||
      !g_file_replace_contents (file, g_bytes_get_data (store->contents, NULL), size, NULL, FALSE,
                                G_FILE_CREATE_PRIVATE, NULL, NULL, &error))
    {
      g_debug ("Cannot store %s: %s", store->path, error != NULL ? error->message : g_strerror (errno));
      g_task_return_boolean (task, FALSE);
      return;
    }

  /* The folder is counted once, then kept count of; it is counted again
   * only when the count reaches the limit. */
  g_mutex_lock (&self->disk_lock);
  if (self->disk_total < 0 || (guint64) self->disk_total + size > self->max_total)
    self->disk_total = trim_folder (self->dir, self->max_total);
  else
    self->disk_total += size;
  g_mutex_unlock (&self->disk_lock);

  g_task_return_boolean (task, TRUE);
}

/* ---- Answering the callers --------------------------------------------- */

static void start_fetch (Pending *pending);

static void
pending_finish (Pending     *pending,
                const Image *image,
                GError      *error)
{
  DossierImageCache *self = pending->cache;
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&pending->waiters);

  pending->waiters = g_ptr_array_new ();
  if (g_hash_table_lookup (self->pending, pending->key) == pending)
    g_hash_table_steal (self->pending, pending->key);

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);
      Caller *caller = g_task_get_task_data (task);

      g_cancellable_disconnect (g_task_get_cancellable (task), caller->cancelled_id);
      caller->cancelled_id = 0;
      if (!g_task_return_error_if_cancelled (task))
        {
          if (image != NULL)
            g_task_return_pointer (task, image_copy (image), (GDestroyNotify) image_free);
          else
            g_task_return_error (task, g_error_copy (error));
        }
      g_object_unref (task);
    }
  pending_free (pending);
}

static void
start_next (DossierImageCache *self)
{
  while (self->active < self->max_fetches && !g_queue_is_empty (&self->queue))
    {
      Pending *pending = g_queue_pop_head (&self->queue);

      pending->queued = FALSE;
      if (pending->waiters->len == 0)
        pending_finish (pending, NULL, NULL);
      else
        start_fetch (pending);
    }
}

static void
remember_failure (DossierImageCache *self,
                  const char        *url,
                  const GError      *error)
{
  Failure *failure = g_new0 (Failure, 1);
  gint64 now = g_get_monotonic_time ();

  /* Bounded: the expired go first, then all of them. */
  if (g_hash_table_size (self->failures) >= FAILURES_SOFT_MAX)
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, self->failures);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        if (now - ((Failure *) value)->when > (gint64) DOSSIER_IMAGE_CACHE_FAILURE_AGE * G_USEC_PER_SEC)
          g_hash_table_iter_remove (&iter);
      if (g_hash_table_size (self->failures) >= 8 * FAILURES_SOFT_MAX)
        g_hash_table_remove_all (self->failures);
    }

  failure->when = now;
  failure->error = g_error_copy (error);
  g_hash_table_replace (self->failures, g_strdup (url), failure);
}

static void
on_stored (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Pending *pending = user_data;
  Image *image = g_object_get_data (G_OBJECT (result), "image");

  /* Stored or not, the callers have their image. */
  pending_finish (pending, image, NULL);
}

static void
on_fetched (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  Pending *pending = user_data;
  DossierImageCache *self = pending->cache;
  g_autoptr(DossierFetchResult) result = dossier_fetcher_fetch_finish (DOSSIER_FETCHER (source), res);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  Image *image;
  Store *store;

  self->active--;
  start_next (self);

  if (result->outcome != DOSSIER_FETCH_OK)
    {
      if (g_error_matches (result->error, DOSSIER_ERROR, DOSSIER_ERROR_TOO_LARGE))
        error = g_error_new (DOSSIER_ERROR, DOSSIER_ERROR_TOO_LARGE, _("The image is larger than %d MB"),
                             (int) MIN (self->max_image / (1024 * 1024), G_MAXINT));
      else if (result->error != NULL)
        error = g_error_copy (result->error);
      else
        error = g_error_new_literal (DOSSIER_ERROR, DOSSIER_ERROR_HTTP, _("HTTP: no image"));
    }
  else if (!is_image_type (result->content_type))
    error = g_error_new (DOSSIER_ERROR, DOSSIER_ERROR_INVALID, _("Not an image: the server sent %s"),
                         result->content_type != NULL ? result->content_type : _("no type"));
  else if (result->body == NULL || g_bytes_get_size (result->body) == 0)
    error = g_error_new_literal (DOSSIER_ERROR, DOSSIER_ERROR_INVALID, _("The image is empty"));

  if (error != NULL)
    {
      /* A cancelled fetch says nothing about the host. */
      if (!g_cancellable_is_cancelled (pending->cancellable))
        remember_failure (self, pending->key, error);
      pending_finish (pending, NULL, error);
      return;
    }

  g_hash_table_remove (self->failures, pending->key);

  image = g_new0 (Image, 1);
  image->bytes = g_bytes_ref (result->body);
  image->content_type = g_ascii_strdown (result->content_type, -1);

  store = g_new0 (Store, 1);
  store->path = g_strdup (pending->path);
  {
    gsize type_length = strlen (image->content_type);
    gsize size = g_bytes_get_size (image->bytes);
    char *contents = g_malloc (type_length + 1 + size);

    memcpy (contents, image->content_type, type_length);
    contents[type_length] = '\n';
    memcpy (contents + type_length + 1, g_bytes_get_data (image->bytes, NULL), size);
    store->contents = g_bytes_new_take (contents, type_length + 1 + size);
  }

  /* The callers are answered once the file is written, so that a caller
   * that asks again finds it there. */
  task = g_task_new (self, NULL, on_stored, pending);
  g_task_set_source_tag (task, on_fetched);
  g_object_set_data_full (G_OBJECT (task), "image", image, (GDestroyNotify) image_free);
  g_task_set_task_data (task, store, (GDestroyNotify) store_free);
  g_task_run_in_thread (task, store_thread);
}

static void
start_fetch (Pending *pending)
{
  DossierImageCache *self = pending->cache;

  self->active++;
  dossier_fetcher_fetch_full_async (self->fetcher, pending->url, pending->origin, NULL, NULL,
                                    DOSSIER_FETCH_NO_FLAGS, pending->cancellable, on_fetched, pending);
}

static void
on_looked_up (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Pending *pending = user_data;
  DossierImageCache *self = pending->cache;
  Image *image = g_task_propagate_pointer (G_TASK (result), NULL);

  if (image != NULL || pending->waiters->len == 0)
    {
      pending_finish (pending, image, NULL);
      g_clear_pointer (&image, image_free);
      return;
    }

  if (self->active < self->max_fetches)
    start_fetch (pending);
  else
    {
      pending->queued = TRUE;
      g_queue_push_tail (&self->queue, pending);
    }
}

/* Runs in the owner's context: a caller gave up. */
static gboolean
on_caller_cancelled_idle (gpointer user_data)
{
  GTask *task = user_data;
  DossierImageCache *self = g_task_get_source_object (task);
  Caller *caller = g_task_get_task_data (task);
  Pending *pending = g_hash_table_lookup (self->pending, caller->key);

  if (pending == NULL || !g_ptr_array_remove (pending->waiters, task))
    return G_SOURCE_REMOVE;

  g_cancellable_disconnect (g_task_get_cancellable (task), caller->cancelled_id);
  caller->cancelled_id = 0;
  g_task_return_error_if_cancelled (task);
  g_object_unref (task);

  if (pending->waiters->len > 0)
    return G_SOURCE_REMOVE;

  /* Nobody waits: nothing more is asked of the network for this URL. */
  if (pending->queued)
    {
      g_queue_remove (&self->queue, pending);
      pending->queued = FALSE;
      pending_finish (pending, NULL, NULL);
    }
  else
    g_cancellable_cancel (pending->cancellable);
  return G_SOURCE_REMOVE;
}

/* In whichever thread cancelled: the rest happens in the owner's. */
static void
on_caller_cancelled (GCancellable *cancellable,
                     gpointer      user_data)
{
  GTask *task = user_data;
  DossierImageCache *self = g_task_get_source_object (task);
  GSource *source = g_idle_source_new ();

  g_source_set_callback (source, on_caller_cancelled_idle, g_object_ref (task), g_object_unref);
  g_source_set_static_name (source, "[dossier] image fetch cancelled");
  g_source_attach (source, self->context);
  g_source_unref (source);
}

/* ---- The object --------------------------------------------------------- */

static void
dossier_image_cache_finalize (GObject *object)
{
  DossierImageCache *self = DOSSIER_IMAGE_CACHE (object);

  /* Every fetch holds a reference: none is left here. */
  g_hash_table_destroy (self->pending);
  g_hash_table_destroy (self->failures);
  g_clear_object (&self->fetcher);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->disk_lock);
  g_free (self->dir);

  G_OBJECT_CLASS (dossier_image_cache_parent_class)->finalize (object);
}

static void
dossier_image_cache_class_init (DossierImageCacheClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dossier_image_cache_finalize;
}

static void
dossier_image_cache_init (DossierImageCache *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->pending = g_hash_table_new (g_str_hash, g_str_equal);
  self->failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) failure_free);
  g_queue_init (&self->queue);
  g_mutex_init (&self->disk_lock);
  self->max_fetches = DOSSIER_IMAGE_CACHE_MAX_FETCHES;
  self->max_image = DOSSIER_IMAGE_CACHE_MAX_IMAGE;
  self->max_total = DOSSIER_IMAGE_CACHE_MAX_TOTAL;
  self->disk_total = -1;

  /* The fetcher's session: TLS checked, two connections per host, sizes
   * counted after decompression; images get short timeouts. */
  self->fetcher = dossier_fetcher_new ();
  dossier_fetcher_set_limits (self->fetcher, self->max_image, 15, 30);
  dossier_fetcher_set_accept (self->fetcher,
                              "image/png, image/jpeg, image/gif, image/webp, image/svg+xml;q=0.8,"
                              " image/*;q=0.5");
}

DossierImageCache *
dossier_image_cache_new (const char *dir)
{
  DossierImageCache *self = g_object_new (DOSSIER_TYPE_IMAGE_CACHE, NULL);

  if (dir != NULL)
    self->dir = g_strdup (dir);
  else
    self->dir = g_build_filename (g_get_user_cache_dir (), "dossier", "images", NULL);
  return self;
}

DossierImageCache *
dossier_image_cache_get_default (void)
{
  static gsize initialized;
  static DossierImageCache *default_cache;

  if (g_once_init_enter (&initialized))
    {
      default_cache = dossier_image_cache_new (NULL);
      g_once_init_leave (&initialized, 1);
    }
  return default_cache;
}

const char *
dossier_image_cache_get_dir (DossierImageCache *self)
{
  g_return_val_if_fail (DOSSIER_IS_IMAGE_CACHE (self), NULL);

  return self->dir;
}

void
dossier_image_cache_set_limits (DossierImageCache *self,
                                gsize              max_image,
                                guint64            max_total,
                                guint              max_fetches)
{
  g_return_if_fail (DOSSIER_IS_IMAGE_CACHE (self));

  if (max_image > 0)
    {
      self->max_image = max_image;
      dossier_fetcher_set_limits (self->fetcher, max_image, 15, 30);
    }
  if (max_fetches > 0)
    {
      self->max_fetches = max_fetches;
      start_next (self);
    }
  if (max_total > 0)
    {
      g_mutex_lock (&self->disk_lock);
      self->max_total = max_total;
      /* Counted again at the next write, against the new limit. */
      self->disk_total = -1;
      g_mutex_unlock (&self->disk_lock);
    }
}

/* Callers share a fetch, and a remembered failure, only when they have
 * the same right to a local address: a feed's own may reach its host, a
 * picture named by another feed may not. */
static char *
request_key (const char *url,
             const char *origin)
{
  return dossier_url_may_reach_local (url, origin) ? g_strconcat (url, "\n", NULL) : g_strdup (url);
}

void
dossier_image_cache_fetch_async (DossierImageCache   *self,
                                 const char          *url,
                                 const char          *origin,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *key = NULL;
  Caller *caller;
  Failure *failure;
  Pending *pending;

  g_return_if_fail (DOSSIER_IS_IMAGE_CACHE (self));
  g_return_if_fail (url != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dossier_image_cache_fetch_async);

  if (g_ascii_strncasecmp (url, "http://", 7) != 0 && g_ascii_strncasecmp (url, "https://", 8) != 0)
    {
      g_task_return_new_error (task, DOSSIER_ERROR, DOSSIER_ERROR_INVALID,
                               _("Only http and https images are fetched: %s"), url);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  key = request_key (url, origin);
  failure = g_hash_table_lookup (self->failures, key);
  if (failure != NULL)
    {
      if (g_get_monotonic_time () - failure->when <= (gint64) DOSSIER_IMAGE_CACHE_FAILURE_AGE * G_USEC_PER_SEC)
        {
          g_task_return_error (task, g_error_copy (failure->error));
          return;
        }
      g_hash_table_remove (self->failures, key);
    }

  caller = g_new0 (Caller, 1);
  caller->key = g_strdup (key);
  g_task_set_task_data (task, caller, (GDestroyNotify) caller_free);

  pending = g_hash_table_lookup (self->pending, key);
  /* Given up by all who asked before: it ends alone, and this caller
   * starts afresh. */
  if (pending != NULL && g_cancellable_is_cancelled (pending->cancellable))
    {
      g_hash_table_steal (self->pending, key);
      pending = NULL;
    }
  if (pending == NULL)
    {
      g_autoptr(GTask) lookup_task = NULL;
      g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, url, -1);
      Lookup *lookup;

      pending = g_new0 (Pending, 1);
      pending->cache = g_object_ref (self);
      pending->key = g_strdup (key);
      pending->url = g_strdup (url);
      pending->origin = g_strdup (origin);
      pending->path = g_build_filename (self->dir, hash, NULL);
      pending->waiters = g_ptr_array_new ();
      pending->cancellable = g_cancellable_new ();
      g_hash_table_insert (self->pending, pending->key, pending);

      lookup = g_new0 (Lookup, 1);
      lookup->path = g_strdup (pending->path);
      lookup->max_image = self->max_image;
      lookup_task = g_task_new (self, NULL, on_looked_up, pending);
      g_task_set_source_tag (lookup_task, dossier_image_cache_fetch_async);
      g_task_set_task_data (lookup_task, lookup, (GDestroyNotify) lookup_free);
      g_task_run_in_thread (lookup_task, lookup_thread);
    }

  g_ptr_array_add (pending->waiters, g_object_ref (task));
  if (cancellable != NULL)
    caller->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_caller_cancelled), task, NULL);
}

GBytes *
dossier_image_cache_fetch_finish (DossierImageCache  *self,
                                  GAsyncResult       *result,
                                  char              **content_type,
                                  GError            **error)
{
  Image *image;
  GBytes *bytes;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dossier_image_cache_fetch_async, NULL);

  image = g_task_propagate_pointer (G_TASK (result), error);
  if (image == NULL)
    return NULL;
  bytes = g_steal_pointer (&image->bytes);
  if (content_type != NULL)
    *content_type = g_steal_pointer (&image->content_type);
  image_free (image);
  return bytes;
}
