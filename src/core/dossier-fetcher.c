/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-fetcher"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "dossier-error.h"
#include "dossier-fetcher.h"
#include "dossier-url.h"

#define READ_CHUNK (64 * 1024)

struct _DossierFetcher {
  GObject       parent_instance;

  SoupSession  *session;
  GMainContext *context;     /* where the session and its callbacks live */
  gsize         max_body;
  guint         total_timeout;
  char         *accept;
};

G_DEFINE_FINAL_TYPE (DossierFetcher, dossier_fetcher, G_TYPE_OBJECT)

typedef struct {
  DossierFetcher     *fetcher;
  DossierFetchResult *result;
  char               *url;            /* of the current hop */
  char               *origin;         /* who asked: local addresses only
                                         on its host; NULL: none */
  DossierFetchFlags   flags;
  gboolean            may_be_local;   /* this hop may reach a local or
                                         private address */
  gboolean            hop_local;      /* this hop reached one */
  gboolean            refused_local;  /* a connection reached a local
                                         address it may not */
  char               *etag;
  char               *last_modified;
  guint               hops;
  gboolean            all_permanent;  /* every redirect so far was 301/308 */
  SoupMessage        *message;
  GInputStream       *stream;
  GByteArray         *buffer;
  GCancellable       *cancellable;    /* ours: the caller's, or the timeout */
  gulong              caller_cancel_id;
  GCancellable       *caller_cancellable;
  GSource            *timeout;
  gboolean            timed_out;
} FetchJob;

void
dossier_fetch_result_free (DossierFetchResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->body, g_bytes_unref);
  g_free (result->content_type);
  g_free (result->charset);
  g_free (result->final_url);
  g_free (result->permanent_url);
  g_free (result->etag);
  g_free (result->last_modified);
  g_clear_error (&result->error);
  g_free (result);
}

static void
fetch_job_free (FetchJob *job)
{
  if (job->timeout != NULL)
    {
      g_source_destroy (job->timeout);
      g_source_unref (job->timeout);
    }
  if (job->caller_cancellable != NULL)
    {
      g_cancellable_disconnect (job->caller_cancellable, job->caller_cancel_id);
      g_object_unref (job->caller_cancellable);
    }
  g_clear_object (&job->cancellable);
  g_clear_object (&job->message);
  g_clear_object (&job->stream);
  g_clear_pointer (&job->buffer, g_byte_array_unref);
  dossier_fetch_result_free (job->result);
  g_free (job->url);
  g_free (job->origin);
  g_free (job->etag);
  g_free (job->last_modified);
  g_free (job);
}

static void
dossier_fetcher_finalize (GObject *object)
{
  DossierFetcher *self = DOSSIER_FETCHER (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->accept);

  G_OBJECT_CLASS (dossier_fetcher_parent_class)->finalize (object);
}

static void
dossier_fetcher_class_init (DossierFetcherClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dossier_fetcher_finalize;
}

static void
dossier_fetcher_init (DossierFetcher *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->max_body = DOSSIER_FETCHER_MAX_BODY;
  self->total_timeout = 120;
  self->accept = g_strdup ("application/rss+xml, application/atom+xml, application/feed+json,"
                           " application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9,"
                           " application/json;q=0.8, text/html;q=0.5, */*;q=0.1");
  /* Redirects are followed by hand (NO_REDIRECT on each message), to count
   * them and to see which were permanent. TLS certificates are checked
   * against the system's trust store, libsoup's default. */
  self->session = soup_session_new_with_options ("user-agent", "Dossier/" PACKAGE_VERSION
                                                 " (+https://github.com/dossierapp/dossier)",
                                                 "max-conns", 16,
                                                 "max-conns-per-host", 2,
                                                 "timeout", 30,
                                                 "idle-timeout", 60,
                                                 NULL);
}

DossierFetcher *
dossier_fetcher_new (void)
{
  return g_object_new (DOSSIER_TYPE_FETCHER, NULL);
}

void
dossier_fetcher_set_limits (DossierFetcher *self,
                            gsize           max_body,
                            guint           io_timeout,
                            guint           total_timeout)
{
  g_return_if_fail (DOSSIER_IS_FETCHER (self));

  self->max_body = max_body;
  self->total_timeout = total_timeout;
  g_object_set (self->session, "timeout", io_timeout, NULL);
}

gsize
dossier_fetcher_get_max_body (DossierFetcher *self)
{
  return self->max_body;
}

void
dossier_fetcher_set_tls_database (DossierFetcher *self,
                                  GTlsDatabase   *database)
{
  g_return_if_fail (DOSSIER_IS_FETCHER (self));

  soup_session_set_tls_database (self->session, database);
}

void
dossier_fetcher_set_accept (DossierFetcher *self,
                            const char     *accept)
{
  g_return_if_fail (DOSSIER_IS_FETCHER (self));
  g_return_if_fail (accept != NULL);

  g_free (self->accept);
  self->accept = g_strdup (accept);
}

char *
dossier_fetcher_host_key (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup ("");
  return g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
}

/* ---- Ending a fetch ----------------------------------------------------- */

static void
job_return (GTask *task)
{
  FetchJob *job = g_task_get_task_data (task);

  if (job->timeout != NULL)
    {
      g_source_destroy (job->timeout);
      g_clear_pointer (&job->timeout, g_source_unref);
    }
  g_task_return_pointer (task, g_steal_pointer (&job->result),
                         (GDestroyNotify) dossier_fetch_result_free);
  g_object_unref (task);
}

static void
job_fail (GTask      *task,
          int         code,
          const char *format,
          ...) G_GNUC_PRINTF (3, 4);

static void
job_fail (GTask      *task,
          int         code,
          const char *format,
          ...)
{
  FetchJob *job = g_task_get_task_data (task);
  va_list args;

  job->result->outcome = DOSSIER_FETCH_FAILED;
  g_clear_pointer (&job->result->body, g_bytes_unref);
  va_start (args, format);
  job->result->error = g_error_new_valist (DOSSIER_ERROR, code, format, args);
  va_end (args);
  job_return (task);
}

static void
job_fail_local (GTask *task)
{
  FetchJob *job = g_task_get_task_data (task);
  g_autoptr(GUri) uri = g_uri_parse (job->url, G_URI_FLAGS_NONE, NULL);
  const char *host = uri != NULL && g_uri_get_host (uri) != NULL ? g_uri_get_host (uri) : job->url;

  job_fail (task, DOSSIER_ERROR_LOCAL_ADDRESS,
            _("Refused to reach %s: it is on this computer or a private network, which only a feed on that "
              "same host may reach"), host);
}

/* A GIO or libsoup error, in the words a reader of the feed list needs. */
static void
job_fail_io (GTask        *task,
             const GError *error)
{
  FetchJob *job = g_task_get_task_data (task);

  /* The message stays technical (the feed list shows it); the code says
   * which kind of failure it is, for a sentence of its own. */
  if (job->refused_local)
    job_fail_local (task);
  else if (job->timed_out)
    job_fail (task, DOSSIER_ERROR_TIMED_OUT,
              g_dngettext (GETTEXT_PACKAGE, "Network: no complete answer within %u second",
                           "Network: no complete answer within %u seconds", job->fetcher->total_timeout),
              job->fetcher->total_timeout);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    job_fail (task, DOSSIER_ERROR_NETWORK, _("Cancelled"));
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    job_fail (task, DOSSIER_ERROR_TIMED_OUT, _("Network: the server did not answer in time"));
  else if (error->domain == G_TLS_ERROR)
    job_fail (task, DOSSIER_ERROR_TLS, _("Network: secure connection failed: %s"), error->message);
  else if (error->domain == G_RESOLVER_ERROR)
    job_fail (task, DOSSIER_ERROR_NO_HOST, _("Network: %s"), error->message);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    job_fail (task, DOSSIER_ERROR_REFUSED, _("Network: %s"), error->message);
  else
    job_fail (task, DOSSIER_ERROR_NETWORK, _("Network: %s"), error->message);
}

/* ---- Reading the body --------------------------------------------------- */

static void read_next (GTask *task);

/* libsoup reads an answer with "Connection: close" to the end of the
 * connection whatever its Content-Length says: a server that closes
 * mid-body would hand over half a document as if it were whole. */
static gboolean
body_cut_short (FetchJob *job)
{
  SoupMessageHeaders *headers;
  const char *length, *coding;
  char *end = NULL;
  guint64 expected;

  if (job->message == NULL)
    return FALSE;
  headers = soup_message_get_response_headers (job->message);
  length = soup_message_headers_get_one (headers, "Content-Length");
  coding = soup_message_headers_get_one (headers, "Content-Encoding");
  /* Decoded, the body's length is not the one sent. */
  if (length == NULL || (coding != NULL && g_ascii_strcasecmp (coding, "identity") != 0))
    return FALSE;
  expected = g_ascii_strtoull (length, &end, 10);
  return end != length && *end == '\0' && job->buffer->len < expected;
}

static void
on_read (GObject      *source,
         GAsyncResult *res,
         gpointer      user_data)
{
  GTask *task = user_data;
  FetchJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), res, &error);

  if (chunk == NULL)
    {
      job_fail_io (task, error);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      g_input_stream_close_async (job->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      if (body_cut_short (job))
        {
          job_fail (task, DOSSIER_ERROR_NETWORK,
                    _("Network: the server closed the connection before the whole document arrived"));
          return;
        }
      job->result->outcome = DOSSIER_FETCH_OK;
      job->result->body = g_byte_array_free_to_bytes (g_steal_pointer (&job->buffer));
      job_return (task);
      return;
    }

  /* Counted after decompression, so a small gzip bomb stops here. */
  if (job->buffer->len + g_bytes_get_size (chunk) > job->fetcher->max_body)
    {
      g_cancellable_cancel (job->cancellable);
      /* The same message as the parser's; the limit is a few MB. */
      job_fail (task, DOSSIER_ERROR_TOO_LARGE, _("The document is larger than %d MB"),
                (int) MIN (job->fetcher->max_body / (1024 * 1024), G_MAXINT));
      return;
    }

  g_byte_array_append (job->buffer, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  read_next (task);
}

static void
read_next (GTask *task)
{
  FetchJob *job = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (job->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   job->cancellable, on_read, task);
}

/* ---- HTTP --------------------------------------------------------------- */

static void start_http (GTask *task);

static gint64
parse_retry_after (const char *value)
{
  g_autoptr(GDateTime) date = NULL;
  char *end = NULL;
  gint64 seconds;

  if (value == NULL)
    return -1;
  seconds = g_ascii_strtoll (value, &end, 10);
  if (end != value && *end == '\0' && seconds >= 0)
    return seconds;
  date = soup_date_time_new_from_http_string (value);
  if (date != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      return MAX (0, g_date_time_difference (date, now) / G_USEC_PER_SEC);
    }
  return -1;
}

static void
on_sent (GObject      *source,
         GAsyncResult *res,
         gpointer      user_data)
{
  GTask *task = user_data;
  FetchJob *job = g_task_get_task_data (task);
  DossierFetchResult *result = job->result;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  guint status;

  job->stream = soup_session_send_finish (SOUP_SESSION (source), res, &error);
  if (job->stream == NULL)
    {
      job_fail_io (task, error);
      return;
    }

  status = soup_message_get_status (job->message);
  headers = soup_message_get_response_headers (job->message);
  result->status_code = status;

  if (SOUP_STATUS_IS_REDIRECTION (status) && status != SOUP_STATUS_NOT_MODIFIED)
    {
      const char *location = soup_message_headers_get_one (headers, "Location");
      g_autofree char *next = NULL;

      g_input_stream_close_async (job->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      g_clear_object (&job->stream);

      if (location == NULL)
        {
          job_fail (task, DOSSIER_ERROR_HTTP, _("HTTP: redirect %u without a Location"), status);
          return;
        }
      next = g_uri_resolve_relative (job->url, location, G_URI_FLAGS_NONE, NULL);
      if (next == NULL || !(g_str_has_prefix (next, "http://") || g_str_has_prefix (next, "https://")))
        {
          job_fail (task, DOSSIER_ERROR_HTTP, _("HTTP: redirect to an address that cannot be fetched: %s"),
                    location);
          return;
        }
      /* An https address that sends to http has lost its security: the
       * user says whether the site has really moved. */
      if (g_ascii_strncasecmp (job->url, "https:", 6) == 0 && g_ascii_strncasecmp (next, "http:", 5) == 0 &&
          !(job->flags & DOSSIER_FETCH_ALLOW_INSECURE))
        {
          job_fail (task, DOSSIER_ERROR_INSECURE,
                    _("HTTP: %s redirects to %s, which is not secure (https to http); allow it in the feed's "
                      "properties if the site has moved"), job->url, next);
          return;
        }
      if (++job->hops > DOSSIER_FETCHER_MAX_REDIRECTS)
        {
          job_fail (task, DOSSIER_ERROR_HTTP,
                    g_dngettext (GETTEXT_PACKAGE, "HTTP: more than %d redirect", "HTTP: more than %d redirects",
                                 DOSSIER_FETCHER_MAX_REDIRECTS),
                    DOSSIER_FETCHER_MAX_REDIRECTS);
          return;
        }

      job->all_permanent = job->all_permanent &&
                           (status == SOUP_STATUS_MOVED_PERMANENTLY ||
                            status == SOUP_STATUS_PERMANENT_REDIRECT);
      if (job->all_permanent)
        {
          g_free (result->permanent_url);
          result->permanent_url = g_strdup (next);
        }
      else
        g_clear_pointer (&result->permanent_url, g_free);

      g_free (job->url);
      job->url = g_steal_pointer (&next);
      /* The next hop may stay on the local network this one was on. */
      job->may_be_local = job->hop_local;
      g_clear_object (&job->message);
      start_http (task);
      return;
    }

  g_free (result->final_url);
  result->final_url = g_strdup (job->url);
  result->etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
  result->last_modified = g_strdup (soup_message_headers_get_one (headers, "Last-Modified"));

  if (status == SOUP_STATUS_NOT_MODIFIED)
    {
      g_input_stream_close_async (job->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      /* Not modified since what? Asked nothing, the answer is no document. */
      if (job->etag == NULL && job->last_modified == NULL)
        {
          job_fail (task, DOSSIER_ERROR_HTTP,
                    _("HTTP: the server answered 304 Not Modified to a request that named no earlier copy"));
          return;
        }
      result->outcome = DOSSIER_FETCH_NOT_MODIFIED;
      job_return (task);
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      const char *reason = soup_message_get_reason_phrase (job->message);

      g_input_stream_close_async (job->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      if (reason == NULL || reason[0] == '\0')
        reason = soup_status_get_phrase (status);
      if (status == 429 || status == SOUP_STATUS_SERVICE_UNAVAILABLE)
        result->retry_after = parse_retry_after (soup_message_headers_get_one (headers, "Retry-After"));
      if (status == SOUP_STATUS_GONE)
        job_fail (task, DOSSIER_ERROR_GONE, _("HTTP: %u %s: the feed is gone for good"), status, reason);
      else if (status == SOUP_STATUS_NOT_FOUND)
        job_fail (task, DOSSIER_ERROR_HTTP_NOT_FOUND, _("HTTP: the server answered %u %s"), status, reason);
      else
        job_fail (task, DOSSIER_ERROR_HTTP, _("HTTP: the server answered %u %s"), status, reason);
      return;
    }

  {
    GHashTable *params = NULL;
    const char *type = soup_message_headers_get_content_type (headers, &params);

    result->content_type = g_strdup (type);
    if (params != NULL)
      {
        result->charset = g_strdup (g_hash_table_lookup (params, "charset"));
        g_hash_table_unref (params);
      }
  }

  job->buffer = g_byte_array_new ();
  read_next (task);
}

/* Emitted once the message has its connection, new or kept alive, and
 * before a byte of it is sent: the last moment to refuse a local
 * address that a public name led to. Through a proxy the address is the
 * proxy's, which the user chose. */
static void
on_message_starting (SoupMessage *message,
                     GTask       *task)
{
  FetchJob *job = g_task_get_task_data (task);
  GSocketAddress *address = soup_message_get_remote_address (message);

  if (address == NULL || G_IS_PROXY_ADDRESS (address) || !G_IS_INET_SOCKET_ADDRESS (address))
    return;
  if (!dossier_inet_address_is_local (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address))))
    return;
  job->hop_local = TRUE;
  if (!job->may_be_local)
    {
      job->refused_local = TRUE;
      g_cancellable_cancel (job->cancellable);
    }
}

static void
start_http (GTask *task)
{
  FetchJob *job = g_task_get_task_data (task);
  SoupMessageHeaders *headers;

  job->message = soup_message_new (SOUP_METHOD_GET, job->url);
  if (job->message == NULL)
    {
      job_fail (task, DOSSIER_ERROR_INVALID, _("Not a valid address: %s"), job->url);
      return;
    }
  soup_message_add_flags (job->message, SOUP_MESSAGE_NO_REDIRECT);

  /* Every hop is held to the rule: a local or private address only on
   * the origin's own host, or when the hop before was on such a network
   * already (a redirect from a public one into it never is). */
  job->may_be_local = job->may_be_local || dossier_url_may_reach_local (job->url, job->origin);
  job->hop_local = dossier_url_host_is_local (job->url);
  if (job->hop_local && !job->may_be_local)
    {
      job_fail_local (task);
      return;
    }
  g_signal_connect (job->message, "starting", G_CALLBACK (on_message_starting), task);

  headers = soup_message_get_request_headers (job->message);
  soup_message_headers_replace (headers, "Accept", job->fetcher->accept);
  if (job->etag != NULL)
    soup_message_headers_replace (headers, "If-None-Match", job->etag);
  if (job->last_modified != NULL)
    soup_message_headers_replace (headers, "If-Modified-Since", job->last_modified);

  soup_session_send_async (job->fetcher->session, job->message, G_PRIORITY_DEFAULT,
                           job->cancellable, on_sent, task);
}

/* ---- file: -------------------------------------------------------------- */

static void
on_file_read (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  GTask *task = user_data;
  FetchJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  job->stream = G_INPUT_STREAM (g_file_read_finish (G_FILE (source), res, &error));
  if (job->stream == NULL)
    {
      job_fail (task, DOSSIER_ERROR_NETWORK, _("Cannot read %s: %s"), job->url, error->message);
      return;
    }
  job->result->final_url = g_strdup (job->url);
  job->buffer = g_byte_array_new ();
  read_next (task);
}

/* ---- Starting ----------------------------------------------------------- */

static gboolean
on_total_timeout (gpointer user_data)
{
  FetchJob *job = user_data;

  job->timed_out = TRUE;
  g_cancellable_cancel (job->cancellable);
  g_clear_pointer (&job->timeout, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
on_caller_cancelled (GCancellable *cancellable,
                     gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

void
dossier_fetcher_fetch_async (DossierFetcher      *self,
                             const char          *url,
                             const char          *etag,
                             const char          *last_modified,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  /* The user chose the address: it is its own origin. */
  dossier_fetcher_fetch_full_async (self, url, url, etag, last_modified, DOSSIER_FETCH_NO_FLAGS,
                                    cancellable, callback, user_data);
}

void
dossier_fetcher_fetch_full_async (DossierFetcher      *self,
                                  const char          *url,
                                  const char          *origin,
                                  const char          *etag,
                                  const char          *last_modified,
                                  DossierFetchFlags    flags,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;
  FetchJob *job;

  g_return_if_fail (DOSSIER_IS_FETCHER (self));
  g_return_if_fail (url != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dossier_fetcher_fetch_async);
  /* A cancelled fetch still returns its result (FAILED, "Cancelled"):
   * left to GTask, a task whose cancellable was cancelled returns NULL
   * from _finish (), which the callers, told "never NULL", read. */
  g_task_set_check_cancellable (task, FALSE);
  job = g_new0 (FetchJob, 1);
  job->fetcher = self;
  job->url = g_strdup (url);
  job->origin = g_strdup (origin);
  job->flags = flags;
  job->etag = g_strdup (etag);
  job->last_modified = g_strdup (last_modified);
  job->all_permanent = TRUE;
  job->result = g_new0 (DossierFetchResult, 1);
  job->result->retry_after = -1;
  job->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, job, (GDestroyNotify) fetch_job_free);

  if (cancellable != NULL)
    {
      job->caller_cancellable = g_object_ref (cancellable);
      job->caller_cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (on_caller_cancelled),
                                                     job->cancellable, NULL);
    }

  if (self->total_timeout > 0)
    {
      job->timeout = g_timeout_source_new_seconds (self->total_timeout);
      g_source_set_callback (job->timeout, on_total_timeout, job, NULL);
      g_source_attach (job->timeout, self->context);
    }

  if (g_str_has_prefix (url, "http://") || g_str_has_prefix (url, "https://"))
    start_http (task);
  else if (g_str_has_prefix (url, "file:"))
    {
      g_autoptr(GFile) file = g_file_new_for_uri (url);

      g_file_read_async (file, G_PRIORITY_DEFAULT, job->cancellable, on_file_read, task);
    }
  else
    job_fail (task, DOSSIER_ERROR_INVALID, _("Only http, https and file addresses can be fetched: %s"), url);
}

DossierFetchResult *
dossier_fetcher_fetch_finish (DossierFetcher *self,
                              GAsyncResult   *result)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), NULL);
}

static void
on_sync_done (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  DossierFetchResult **out = user_data;

  *out = dossier_fetcher_fetch_finish (DOSSIER_FETCHER (source), res);
}

DossierFetchResult *
dossier_fetcher_fetch_sync (DossierFetcher *self,
                            const char     *url,
                            GCancellable   *cancellable)
{
  return dossier_fetcher_fetch_sync_full (self, url, url, DOSSIER_FETCH_NO_FLAGS, cancellable);
}

DossierFetchResult *
dossier_fetcher_fetch_sync_full (DossierFetcher    *self,
                                 const char        *url,
                                 const char        *origin,
                                 DossierFetchFlags  flags,
                                 GCancellable      *cancellable)
{
  DossierFetchResult *result = NULL;

  g_return_val_if_fail (DOSSIER_IS_FETCHER (self), NULL);

  dossier_fetcher_fetch_full_async (self, url, origin, NULL, NULL, flags, cancellable, on_sync_done, &result);
  while (result == NULL)
    g_main_context_iteration (self->context, TRUE);
  return result;
}
