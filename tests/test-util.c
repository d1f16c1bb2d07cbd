/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "test-util.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include <stdarg.h>
#include <string.h>
#include <sys/wait.h>

int
test_run_cli_argv (const char * const *args,
                   char              **out,
                   char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("DOSSIER_CLI");
  int status = 0;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (char *) cli);
  for (gsize i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                out, err, &status, &error);
  g_assert_no_error (error);

  if (WIFEXITED (status))
    return WEXITSTATUS (status);
  return -1;
}

int
test_run_cli_db_va (const char  *db,
                    char       **out,
                    char       **err,
                    const char  *first_arg,
                    va_list      args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, "--db");
  g_ptr_array_add (argv, (char *) db);
  for (const char *a = first_arg; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) a);
  g_ptr_array_add (argv, NULL);
  return test_run_cli_argv ((const char * const *) argv->pdata, out, err);
}

char *
test_cli_ok (const char *db,
             const char *first_arg,
             ...)
{
  g_autofree char *err = NULL;
  char *out = NULL;
  va_list args;
  int status;

  va_start (args, first_arg);
  status = test_run_cli_db_va (db, &out, &err, first_arg, args);
  va_end (args);
  if (status != 0)
    g_test_message ("%s failed: %s", first_arg, err);
  g_assert_cmpint (status, ==, 0);
  return out;
}

void
test_cli_fails (const char *db,
                const char *expected,
                const char *first_arg,
                ...)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  va_list args;
  int status;

  va_start (args, first_arg);
  status = test_run_cli_db_va (db, &out, &err, first_arg, args);
  va_end (args);
  if (status == 0)
    g_error ("dossier-cli %s … was to fail with “%s”", first_arg, expected);
  test_assert_one_line_error (err);
  if (strstr (err, expected) == NULL)
    g_error ("“%s” does not say “%s”", err, expected);
  g_assert_cmpstr (out, ==, "");
}

JsonNode *
test_parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

int
test_run_cli (char       **out,
              char       **err,
              const char  *first_arg,
              ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first_arg);
  for (const char *a = first_arg; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  return test_run_cli_argv ((const char * const *) args->pdata, out, err);
}

char *
test_make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("dossier-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
test_remove_database (const char *dir,
                      const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  if (dir != NULL)
    g_rmdir (dir);
}

char *
test_source_path (const char *first_element,
                  ...)
{
  g_autoptr(GString) path = g_string_new (g_getenv ("G_TEST_SRCDIR"));
  va_list ap;

  g_assert_nonnull (path->str);
  va_start (ap, first_element);
  for (const char *e = first_element; e != NULL; e = va_arg (ap, const char *))
    {
      g_string_append_c (path, G_DIR_SEPARATOR);
      g_string_append (path, e);
    }
  va_end (ap);
  return g_string_free (g_steal_pointer (&path), FALSE);
}

void
test_assert_one_line_error (const char *err)
{
  const char *newline;

  g_assert_nonnull (err);
  g_assert_true (g_str_has_prefix (err, "dossier-cli: "));
  newline = strchr (err, '\n');
  g_assert_nonnull (newline);
  g_assert_cmpint (newline[1], ==, '\0');
  g_assert_cmpuint (strlen (err), >, strlen ("dossier-cli: \n"));
}

struct _TestServer {
  GThread         *thread;
  GMainContext    *context;
  GMainLoop       *loop;
  SoupServer      *server;
  SoupServerCallback handler;
  gpointer           user_data;
  char            *url;
  GMutex           mutex;
  GCond            cond;
  gboolean         ready;
};

static gpointer
server_thread (gpointer data)
{
  TestServer *ts = data;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (ts->context);
  ts->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (ts->server, NULL, ts->handler, ts->user_data, NULL);
  soup_server_listen_local (ts->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (ts->server);
  g_assert_nonnull (uris);
  ts->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_mutex_lock (&ts->mutex);
  ts->ready = TRUE;
  g_cond_signal (&ts->cond);
  g_mutex_unlock (&ts->mutex);

  g_main_loop_run (ts->loop);

  soup_server_disconnect (ts->server);
  g_clear_object (&ts->server);
  /* Let pending closures of the server run before the context goes. */
  while (g_main_context_iteration (ts->context, FALSE))
    ;
  g_main_context_pop_thread_default (ts->context);
  return NULL;
}

TestServer *
test_server_start (SoupServerCallback handler,
                   gpointer           user_data)
{
  TestServer *ts = g_new0 (TestServer, 1);

  ts->context = g_main_context_new ();
  ts->loop = g_main_loop_new (ts->context, FALSE);
  ts->handler = handler;
  ts->user_data = user_data;
  g_mutex_init (&ts->mutex);
  g_cond_init (&ts->cond);
  ts->thread = g_thread_new ("test-server", server_thread, ts);

  g_mutex_lock (&ts->mutex);
  while (!ts->ready)
    g_cond_wait (&ts->cond, &ts->mutex);
  g_mutex_unlock (&ts->mutex);
  return ts;
}

const char *
test_server_url (TestServer *ts)
{
  return ts->url;
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
test_server_stop (TestServer *ts)
{
  GSource *source = g_idle_source_new ();

  g_source_set_callback (source, quit_loop, ts->loop, NULL);
  g_source_attach (source, ts->context);
  g_source_unref (source);
  g_thread_join (ts->thread);
  g_main_loop_unref (ts->loop);
  g_main_context_unref (ts->context);
  g_mutex_clear (&ts->mutex);
  g_cond_clear (&ts->cond);
  g_free (ts->url);
  g_free (ts);
}

/* ---- A server without TLS --------------------------------------------- */

struct _TestPlainServer
{
  GSocketService *service;
  char           *host;
  char           *body;
  char           *content_type;
};

static gboolean
on_plain_run_cb (GThreadedSocketService *service,
                 GSocketConnection      *connection,
                 GObject                *source,
                 TestPlainServer        *server)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GString) request = g_string_new (NULL);
  g_autofree char *answer = NULL;
  char buffer[1024];
  gssize n;

  /* A TLS record starts with 0x16; a request ends with an empty line. */
  while ((n = g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL)) > 0)
    {
      g_string_append_len (request, buffer, n);
      if ((guchar) request->str[0] == 0x16 || strstr (request->str, "\r\n\r\n") != NULL)
        break;
    }
  if (request->len > 0 && (guchar) request->str[0] == 0x16)
    answer = g_strdup ("HTTP/1.0 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
  else
    answer = g_strdup_printf ("HTTP/1.0 200 OK\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
                              "Connection: close\r\n\r\n%s",
                              server->content_type, strlen (server->body), server->body);
  g_output_stream_write_all (out, answer, strlen (answer), NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

TestPlainServer *
test_plain_server_start (const char *body,
                         const char *content_type)
{
  TestPlainServer *server = g_new0 (TestPlainServer, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  server->body = g_strdup (body);
  server->content_type = g_strdup (content_type);
  server->service = g_threaded_socket_service_new (4);
  g_socket_listener_add_address (G_SOCKET_LISTENER (server->service), any, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  server->host = g_strdup_printf ("127.0.0.1:%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_signal_connect (server->service, "run", G_CALLBACK (on_plain_run_cb), server);
  g_socket_service_start (server->service);
  return server;
}

const char *
test_plain_server_host (TestPlainServer *server)
{
  return server->host;
}

void
test_plain_server_stop (TestPlainServer *server)
{
  g_socket_service_stop (server->service);
  g_socket_listener_close (G_SOCKET_LISTENER (server->service));
  g_object_unref (server->service);
  g_free (server->host);
  g_free (server->body);
  g_free (server->content_type);
  g_free (server);
}

gint64
test_sql_int (sqlite3    *db,
              const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}
