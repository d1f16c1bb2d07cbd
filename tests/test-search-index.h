/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sqlite3.h>

#include "dossier-store-private.h"
#include "test-util.h"

/* Asserts that the search index of @db holds, word for word and place for
 * place, what the row trigger of schema 11 would have written for every
 * story (a refresh writes a batch's words itself), and at least
 * @min_words word places. Shared by the store's and the command line's
 * tests. */
static inline void
test_assert_search_index_as_trigger (sqlite3 *db,
                                     gint64   min_words)
{
  g_assert_cmpint (sqlite3_exec (db,
    "CREATE VIRTUAL TABLE temp.trigger_fts USING fts5 ("
    "  title, summary, content, content = '', tokenize = 'unicode61 remove_diacritics 0');"
    "INSERT INTO temp.trigger_fts (rowid, title, summary, content)"
    "  SELECT " DOSSIER_STORE_TIMELINE_KEY ("") ", dossier_search_text (title), dossier_search_text (summary),"
    "         dossier_search_text (COALESCE (full_text, content)) FROM articles;"
    "CREATE VIRTUAL TABLE temp.stored_words USING fts5vocab (main, articles_fts, instance);"
    "CREATE VIRTUAL TABLE temp.trigger_words USING fts5vocab (temp, trigger_fts, instance);",
    NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (test_sql_int (db, "SELECT count(*) FROM temp.stored_words"), >=, min_words);
  g_assert_cmpint (test_sql_int (db, "SELECT count(*) FROM temp.stored_words"), ==,
                   test_sql_int (db, "SELECT count(*) FROM temp.trigger_words"));
  g_assert_cmpint (test_sql_int (db, "SELECT count(*) FROM (SELECT * FROM temp.stored_words"
                                                " EXCEPT SELECT * FROM temp.trigger_words)"), ==, 0);
  g_assert_cmpint (test_sql_int (db, "SELECT count(*) FROM (SELECT * FROM temp.trigger_words"
                                                " EXCEPT SELECT * FROM temp.stored_words)"), ==, 0);
  g_assert_cmpint (sqlite3_exec (db,
    "DROP TABLE temp.stored_words; DROP TABLE temp.trigger_words; DROP TABLE temp.trigger_fts;",
    NULL, NULL, NULL), ==, SQLITE_OK);
}
