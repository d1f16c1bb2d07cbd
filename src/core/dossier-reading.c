/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-reading"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dossier-error.h"
#include "dossier-reading-private.h"
#include "dossier-url.h"
#include "dossier-store-private.h"

/* Pages fetched at once after a refresh (the fetcher still keeps to two
 * per host). */
#define PENDING_IN_FLIGHT 4

void
dossier_story_text_free (DossierStoryText *text)
{
  if (text == NULL)
    return;
  g_free (text->link);
  g_free (text->feed_url);
  g_free (text->html);
  g_free (text->text);
  g_free (text->full_title);
  g_free (text->full_html);
  g_free (text->full_error);
  g_free (text->full_url);
  g_free (text);
}

/* ---- The store's side --------------------------------------------------- */

gboolean
dossier_store_keep_html (DossierStore  *store,
                         gint64         article_id,
                         const char    *html,
                         GError       **error)
{
  sqlite3_stmt *stmt;

  if (html != NULL)
    stmt = dossier_store_prepare (store,
      "INSERT INTO article_html (article_id, html) VALUES (?1, ?2)"
      " ON CONFLICT (article_id) DO UPDATE SET html = excluded.html", error);
  else
    stmt = dossier_store_prepare (store, "DELETE FROM article_html WHERE article_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, article_id);
  if (html != NULL)
    dossier_store_bind_text (stmt, 2, html);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      dossier_store_set_error (store, _("Cannot store a story"), error);
      return FALSE;
    }
  return TRUE;
}

char *
dossier_store_full_text (DossierStore *store,
                         gint64        article_id)
{
  sqlite3_stmt *stmt = dossier_store_prepare (store, "SELECT full_text FROM articles WHERE id = ?1", NULL);
  char *text = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, article_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = dossier_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  return text;
}

char *
dossier_store_story_text_plain (DossierStore *store,
                                gint64        article_id)
{
  sqlite3_stmt *stmt = dossier_store_prepare (store,
    "SELECT COALESCE (full_text, content, summary) FROM articles WHERE id = ?1", NULL);
  char *text = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, article_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = dossier_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  return text;
}

DossierStoryText *
dossier_store_get_story_text (DossierStore  *store,
                              gint64         article_id,
                              GError       **error)
{
  g_autoptr(DossierStoryText) text = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = dossier_store_prepare (store,
    "SELECT a.link, f.url, f.full_article, h.html, COALESCE (a.content, a.summary),"
    " x.fetched, x.attempts, x.error, x.url, x.title, x.html"
    " FROM articles a JOIN feeds f ON f.id = a.feed_id"
    " LEFT JOIN article_html h ON h.article_id = a.id"
    " LEFT JOIN article_full x ON x.article_id = a.id WHERE a.id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, article_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        dossier_store_set_no_article (error, article_id);
      else
        dossier_store_set_error (store, _("Cannot read the story"), error);
      return NULL;
    }

  text = g_new0 (DossierStoryText, 1);
  text->article_id = article_id;
  text->link = dossier_store_column_dup (stmt, 0);
  text->feed_url = dossier_store_column_dup (stmt, 1);
  text->feed_full_article = sqlite3_column_int (stmt, 2);
  text->html = dossier_store_column_dup (stmt, 3);
  text->text = dossier_store_column_dup (stmt, 4);
  text->full_fetched = dossier_store_column_date (stmt, 5);
  text->full_attempts = sqlite3_column_int (stmt, 6);
  text->full_error = dossier_store_column_dup (stmt, 7);
  text->full_url = dossier_store_column_dup (stmt, 8);
  text->full_title = dossier_store_column_dup (stmt, 9);
  text->full_html = dossier_store_column_dup (stmt, 10);
  sqlite3_reset (stmt);

  if (text->full_fetched == DOSSIER_DATE_NONE)
    text->full_state = DOSSIER_FULL_NONE;
  else if (text->full_error == NULL && text->full_html != NULL)
    text->full_state = DOSSIER_FULL_OK;
  else
    text->full_state = DOSSIER_FULL_FAILED;
  return g_steal_pointer (&text);
}

/* Plain text as a document: each line a paragraph. */
static DossierDocument *
document_from_text (const char *text)
{
  g_autoptr(GString) html = g_string_new (NULL);
  g_auto(GStrv) lines = g_strsplit (text != NULL ? text : "", "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *escaped = g_markup_escape_text (lines[i], -1);

      g_string_append_printf (html, "<p>%s</p>", escaped);
    }
  return dossier_document_new_from_html (html->str, html->len, NULL, NULL);
}

DossierDocument *
dossier_story_text_to_document (const DossierStoryText *text,
                                gboolean                prefer_full)
{
  const char *base = text->link != NULL ? text->link : text->feed_url;

  if (prefer_full && text->full_state == DOSSIER_FULL_OK)
    return dossier_document_new_from_html (text->full_html, -1,
                                           text->full_url != NULL ? text->full_url : base, NULL);
  if (text->html != NULL)
    {
      DossierDocument *document = dossier_document_new_from_html (text->html, -1, base, NULL);

      if (document->blocks->len > 0)
        return document;
      dossier_document_free (document);
    }
  return document_from_text (text->text);
}

gboolean
dossier_store_set_full_article (DossierStore          *store,
                                gint64                 article_id,
                                const char            *url,
                                const DossierExtract  *extract,
                                const char            *message,
                                gint64                 now,
                                GError               **error)
{
  sqlite3_stmt *stmt;

  if (!dossier_store_ensure_tagger (store, error) ||
      !dossier_store_begin (store, error))
    return FALSE;

  /* A failure keeps the article an earlier attempt found. */
  if (extract != NULL)
    stmt = dossier_store_prepare (store,
      "INSERT INTO article_full (article_id, fetched, attempts, error, url, title, html)"
      " VALUES (?1, ?2, 1, NULL, ?3, ?4, ?5) ON CONFLICT (article_id) DO UPDATE SET"
      " fetched = ?2, attempts = attempts + 1, error = NULL, url = ?3, title = ?4, html = ?5", error);
  else
    stmt = dossier_store_prepare (store,
      "INSERT INTO article_full (article_id, fetched, attempts, error, url)"
      " VALUES (?1, ?2, 1, ?6, ?3) ON CONFLICT (article_id) DO UPDATE SET"
      " fetched = ?2, attempts = attempts + 1, error = CASE WHEN html IS NULL THEN ?6 END", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, article_id);
  sqlite3_bind_int64 (stmt, 2, now);
  dossier_store_bind_text (stmt, 3, url);
  if (extract != NULL)
    {
      dossier_store_bind_text (stmt, 4, extract->title);
      dossier_store_bind_text (stmt, 5, extract->html);
    }
  else
    dossier_store_bind_text (stmt, 6, message != NULL ? message : _("The page could not be read"));
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      dossier_store_set_error (store, _("Cannot store the full article"), error);
      goto fail;
    }

  if (extract != NULL)
    {
      g_autofree char *title = NULL;
      g_autofree char *summary = NULL;

      stmt = dossier_store_prepare (store, "UPDATE articles SET full_text = ?2 WHERE id = ?1", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, article_id);
      dossier_store_bind_text (stmt, 2, extract->text);
      if (sqlite3_step (stmt) != SQLITE_DONE || sqlite3_changes (dossier_store_get_db (store)) == 0)
        {
          dossier_store_set_error (store, _("Cannot store the full article"), error);
          goto fail;
        }

      /* Filed again on the whole text, as the feed's own text is. */
      stmt = dossier_store_prepare (store, "SELECT title, summary FROM articles WHERE id = ?1", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, article_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          title = dossier_store_column_dup (stmt, 0);
          summary = dossier_store_column_dup (stmt, 1);
        }
      sqlite3_reset (stmt);
      if (!dossier_store_tag_article (store, article_id, title, summary, extract->text, TRUE, error))
        goto fail;
    }

  if (!dossier_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  dossier_store_rollback (store);
  return FALSE;
}

GArray *
dossier_store_pending_full_articles (DossierStore  *store,
                                     gint64         since,
                                     gint64         now,
                                     guint          limit,
                                     GError       **error)
{
  sqlite3_stmt *stmt;
  GArray *ids;

  stmt = dossier_store_prepare (store,
    "SELECT a.id FROM articles a LEFT JOIN article_full x ON x.article_id = a.id"
    " WHERE a.feed_id IN (SELECT id FROM feeds WHERE full_article = 1)"
    " AND a.link IS NOT NULL AND a.first_seen >= ?1"
    " AND (x.article_id IS NULL OR (x.html IS NULL AND x.attempts < ?2 AND x.fetched <= ?3 - 3600))"
    " ORDER BY a.published DESC, a.id DESC LIMIT ?4", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_int (stmt, 2, DOSSIER_FULL_MAX_ATTEMPTS);
  sqlite3_bind_int64 (stmt, 3, now);
  sqlite3_bind_int64 (stmt, 4, limit);
  ids = dossier_store_step_ids (store, stmt, _("Cannot read the stories"), error);
  sqlite3_reset (stmt);
  return ids;
}

gboolean
dossier_store_set_feed_full_article (DossierStore  *store,
                                     gint64         feed_id,
                                     gboolean       full_article,
                                     GError       **error)
{
  sqlite3_stmt *stmt = dossier_store_prepare (store, "UPDATE feeds SET full_article = ?2 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, feed_id);
  sqlite3_bind_int (stmt, 2, full_article ? 1 : 0);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      dossier_store_set_error (store, _("Cannot save the feed"), error);
      return FALSE;
    }
  if (sqlite3_changes (dossier_store_get_db (store)) == 0)
    {
      dossier_store_set_no_feed (error, feed_id);
      return FALSE;
    }
  return TRUE;
}

/* ---- Fetching pages ----------------------------------------------------- */

DossierFetcher *
dossier_page_fetcher_new (void)
{
  DossierFetcher *fetcher = dossier_fetcher_new ();

  dossier_fetcher_set_accept (fetcher, "text/html, application/xhtml+xml;q=0.9, */*;q=0.1");
  dossier_fetcher_set_limits (fetcher, DOSSIER_PAGE_MAX_BODY, 30, 120);
  return fetcher;
}

gboolean
dossier_page_address_allowed (const char  *url,
                              const char  *feed_url,
                              GError     **error)
{
  g_autoptr(GUri) uri = url != NULL ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;
  const char *scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;

  if (scheme == NULL ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0) ||
      g_uri_get_host (uri) == NULL)
    {
      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID,
                   _("Only web pages (http and https) are fetched: %s"), url != NULL ? url : "");
      return FALSE;
    }
  /* The rule of every picture and page a feed names (dossier-url.h);
   * the fetch checks it again where each connection leads. */
  if (dossier_url_host_is_local (url) && !dossier_url_may_reach_local (url, feed_url))
    {
      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID,
                   _("The page is on a local address that its feed does not come from: %s"), url);
      return FALSE;
    }
  return TRUE;
}

/* An article's page: HTML, or a type that does not say. */
static gboolean
is_page_type (const char *type)
{
  return type == NULL || type[0] == '\0' ||
         g_ascii_strcasecmp (type, "text/html") == 0 ||
         g_ascii_strcasecmp (type, "application/xhtml+xml") == 0 ||
         g_ascii_strcasecmp (type, "text/plain") == 0;
}

static DossierExtract *
extract_fetched (DossierFetchResult  *fetched,
                 const char          *feed_url,
                 GError             **error)
{
  gsize size = 0;
  const char *body;

  if (fetched->outcome != DOSSIER_FETCH_OK)
    {
      if (fetched->error != NULL)
        g_propagate_error (error, g_steal_pointer (&fetched->error));
      else
        g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_HTTP, _("The page could not be fetched"));
      return NULL;
    }
  /* A redirect may not lead where the first address could not go. */
  if (fetched->final_url != NULL && !dossier_page_address_allowed (fetched->final_url, feed_url, error))
    return NULL;
  if (!is_page_type (fetched->content_type))
    {
      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID,
                   _("This is not a web page but %s"), fetched->content_type);
      return NULL;
    }
  body = g_bytes_get_data (fetched->body, &size);
  return dossier_extract (body != NULL ? body : "", size, fetched->final_url, fetched->charset, error);
}

typedef struct {
  DossierFetchResult *result;
  gboolean            done;
} SyncFetch;

static void
on_sync_fetched (GObject      *source,
                 GAsyncResult *res,
                 gpointer      user_data)
{
  SyncFetch *sync = user_data;

  sync->result = dossier_fetcher_fetch_finish (DOSSIER_FETCHER (source), res);
  sync->done = TRUE;
}

DossierExtract *
dossier_fetch_article (DossierFetcher  *fetcher,
                       const char      *url,
                       const char      *feed_url,
                       GCancellable    *cancellable,
                       char           **final_url,
                       GError         **error)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();
  g_autoptr(DossierFetchResult) fetched = NULL;
  SyncFetch sync = { NULL, FALSE };

  if (!dossier_page_address_allowed (url, feed_url, error))
    return NULL;
  dossier_fetcher_fetch_full_async (fetcher, url, feed_url, NULL, NULL, DOSSIER_FETCH_NO_FLAGS, cancellable,
                                    on_sync_fetched, &sync);
  while (!sync.done)
    g_main_context_iteration (context, TRUE);
  fetched = sync.result;
  if (fetched == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
      return NULL;
    }
  if (final_url != NULL)
    *final_url = g_strdup (fetched->final_url != NULL ? fetched->final_url : url);
  return extract_fetched (fetched, feed_url, error);
}

gboolean
dossier_fetch_full_article (DossierStore    *store,
                            DossierFetcher  *fetcher,
                            gint64           article_id,
                            GCancellable    *cancellable,
                            GError         **fetch_error,
                            GError         **error)
{
  g_autoptr(DossierStoryText) text = dossier_store_get_story_text (store, article_id, error);
  g_autoptr(DossierExtract) extract = NULL;
  g_autoptr(GError) failure = NULL;
  g_autofree char *final_url = NULL;

  if (text == NULL)
    return FALSE;
  if (text->link == NULL)
    {
      g_set_error (fetch_error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID, _("The story has no web page"));
      return TRUE;
    }
  extract = dossier_fetch_article (fetcher, text->link, text->feed_url, cancellable, &final_url, &failure);
  /* Cancelled is not the page's fault: nothing is recorded. */
  if (g_error_matches (failure, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      (failure != NULL && g_cancellable_is_cancelled (cancellable)))
    {
      g_propagate_error (fetch_error, g_steal_pointer (&failure));
      return TRUE;
    }
  if (!dossier_store_set_full_article (store, article_id, final_url != NULL ? final_url : text->link,
                                       extract, failure != NULL ? failure->message : NULL,
                                       g_get_real_time () / G_USEC_PER_SEC, error))
    return FALSE;
  if (failure != NULL)
    g_propagate_error (fetch_error, g_steal_pointer (&failure));
  return TRUE;
}

/* ---- After a refresh ---------------------------------------------------- */

typedef struct {
  DossierStore   *store;
  DossierFetcher *fetcher;
  GCancellable   *cancellable;
  GArray         *ids;
  guint           next;
  guint           in_flight;
  int             fetched;
  GError         *db_error;
} PendingRun;

typedef struct {
  PendingRun *run;
  gint64      article_id;
  char       *url;
  char       *feed_url;
} PendingPage;

static void
pending_page_free (PendingPage *page)
{
  g_free (page->url);
  g_free (page->feed_url);
  g_free (page);
}

static void start_pending (PendingRun *run);

static void
record (PendingRun           *run,
        gint64                article_id,
        const char           *url,
        const DossierExtract *extract,
        const char           *message)
{
  if (run->db_error != NULL)
    return;
  if (!dossier_store_set_full_article (run->store, article_id, url, extract, message,
                                       g_get_real_time () / G_USEC_PER_SEC, &run->db_error))
    return;
  if (extract != NULL)
    run->fetched++;
}

static void
on_pending_fetched (GObject      *source,
                    GAsyncResult *res,
                    gpointer      user_data)
{
  PendingPage *page = user_data;
  PendingRun *run = page->run;
  g_autoptr(DossierFetchResult) fetched = dossier_fetcher_fetch_finish (DOSSIER_FETCHER (source), res);
  g_autoptr(GError) failure = NULL;
  g_autoptr(DossierExtract) extract = NULL;

  run->in_flight--;
  if (fetched != NULL && !g_cancellable_is_cancelled (run->cancellable))
    {
      extract = extract_fetched (fetched, page->feed_url, &failure);
      record (run, page->article_id, fetched->final_url != NULL ? fetched->final_url : page->url,
              extract, failure != NULL ? failure->message : NULL);
    }
  pending_page_free (page);
  start_pending (run);
}

static void
start_pending (PendingRun *run)
{
  while (run->db_error == NULL && run->in_flight < PENDING_IN_FLIGHT && run->next < run->ids->len &&
         !g_cancellable_is_cancelled (run->cancellable))
    {
      gint64 id = g_array_index (run->ids, gint64, run->next++);
      g_autoptr(DossierStoryText) text = dossier_store_get_story_text (run->store, id, &run->db_error);
      g_autoptr(GError) refused = NULL;
      PendingPage *page;

      if (text == NULL)
        return;
      if (!dossier_page_address_allowed (text->link, text->feed_url, &refused))
        {
          record (run, id, text->link, NULL, refused->message);
          continue;
        }
      page = g_new0 (PendingPage, 1);
      page->run = run;
      page->article_id = id;
      page->url = g_strdup (text->link);
      page->feed_url = g_strdup (text->feed_url);
      run->in_flight++;
      dossier_fetcher_fetch_full_async (run->fetcher, page->url, page->feed_url, NULL, NULL,
                                        DOSSIER_FETCH_NO_FLAGS, run->cancellable, on_pending_fetched, page);
    }
}

int
dossier_fetch_pending_full_articles (DossierStore   *store,
                                     DossierFetcher *fetcher,
                                     GCancellable   *cancellable,
                                     GError        **error)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GArray) ids = dossier_store_pending_full_articles (store, now - DOSSIER_FULL_MAX_AGE, now,
                                                               DOSSIER_FULL_BATCH, error);
  PendingRun run = { store, fetcher, cancellable, NULL, 0, 0, 0, NULL };

  if (ids == NULL)
    return -1;
  run.ids = ids;
  start_pending (&run);
  while (run.in_flight > 0)
    g_main_context_iteration (context, TRUE);
  if (run.db_error != NULL)
    {
      g_propagate_error (error, run.db_error);
      return -1;
    }
  return run.fetched;
}
