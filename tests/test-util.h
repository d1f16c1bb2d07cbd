/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <stdarg.h>

G_BEGIN_DECLS

/* Runs the dossier-cli that meson built (DOSSIER_CLI) with the arguments
 * given, NULL-terminated, and returns its exit status (-1 when it died of
 * a signal). @out and @err receive its stdout and stderr. */
int   test_run_cli          (char       **out,
                             char       **err,
                             const char  *first_arg,
                             ...) G_GNUC_NULL_TERMINATED;
int   test_run_cli_argv     (const char * const *args,
                             char              **out,
                             char              **err);

/* Runs dossier-cli --db @db followed by the arguments, NULL-terminated;
 * its exit status, as test_run_cli_argv (). */
int   test_run_cli_db_va    (const char  *db,
                             char       **out,
                             char       **err,
                             const char  *first_arg,
                             va_list      args);
/* The same, which must succeed; returns its stdout. */
char *test_cli_ok           (const char  *db,
                             const char  *first_arg,
                             ...) G_GNUC_NULL_TERMINATED;

/* The same, which must fail with one line on stderr naming @expected and
 * print nothing on stdout. */
void  test_cli_fails        (const char  *db,
                             const char  *expected,
                             const char  *first_arg,
                             ...) G_GNUC_NULL_TERMINATED;

/* As json-glib names it, so that programs without json-glib may include
 * this header. */
typedef struct _JsonNode JsonNode;

/* @text parsed as JSON, which it must be. */
JsonNode *test_parse_json   (const char  *text);

/* A new empty folder under the test's temporary directory. */
char *test_make_temp_dir    (void);

/* The path of a file in the source tree's tests/ folder. */
char *test_source_path      (const char *first_element,
                             ...) G_GNUC_NULL_TERMINATED;

/* Asserts that @err is exactly one line "dossier-cli: ...". */
void  test_assert_one_line_error (const char *err);

/* SQL that takes away what the events' schema (12) added, for tests that
 * make an older database out of a new one. */
#define TEST_DROP_EVENTS_SQL \
  "DROP TABLE event_links; DROP TABLE event_corrections; DROP TABLE event_state;" \
  "DROP TRIGGER articles_event_lead_gone; DROP TRIGGER article_tags_event_insert;" \
  "DROP TRIGGER article_tags_event_delete; DROP TRIGGER articles_event_follower_gone;" \
  "DROP TRIGGER articles_event_follows; DROP TRIGGER articles_event_leads;" \
  "DROP INDEX articles_event; DROP INDEX articles_event_leads;" \
  "ALTER TABLE articles DROP COLUMN event_id; ALTER TABLE tags DROP COLUMN events;" \
  "ALTER TABLE tag_days DROP COLUMN events;"

/* And what the saved searches' range of dates (13) added. */
#define TEST_DROP_SAVED_RANGE_SQL \
  "ALTER TABLE saved_searches DROP COLUMN since; ALTER TABLE saved_searches DROP COLUMN until;"

/* Removes the SQLite database at @path with its -wal and -shm files,
 * then @dir (when not NULL), as a test leaves its temporary folder. */
void test_remove_database (const char *dir,
                           const char *path);

/* The one integer @sql selects from @db (a count, an id); asserts that
 * the statement prepares and gives a row. */
gint64 test_sql_int (sqlite3    *db,
                     const char *sql);

G_END_DECLS

/* A SoupServer on 127.0.0.1 running in a thread of its own, so that the
 * test's thread may block (a spawned dossier-cli, a synchronous refresh)
 * while it answers. @handler answers every path, in the server's thread. */
typedef struct _TestServer TestServer;

TestServer *test_server_start (SoupServerCallback  handler,
                               gpointer            user_data);
/* "http://127.0.0.1:PORT" */
const char *test_server_url   (TestServer      *server);
void        test_server_stop  (TestServer      *server);

/* A bare HTTP/1.0 server on 127.0.0.1 that knows no TLS, as a small
 * device or `python3 -m http.server` is: a TLS hello gets a plain "400 Bad
 * Request" at once (which a TLS client cannot read), any request @body as
 * @content_type. Each connection in a thread of its own. */
typedef struct _TestPlainServer TestPlainServer;

TestPlainServer *test_plain_server_start (const char      *body,
                                          const char      *content_type);
/* "127.0.0.1:PORT", with no scheme */
const char      *test_plain_server_host  (TestPlainServer *server);
void             test_plain_server_stop  (TestPlainServer *server);
