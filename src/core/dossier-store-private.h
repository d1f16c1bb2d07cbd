/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "dossier-store.h"

G_BEGIN_DECLS

struct _DossierStore {
  char                    *path;
  sqlite3                 *db;
  GHashTable              *statements;   /* SQL text -> sqlite3_stmt */
  DossierStoreArticleHook  article_hook;
  gpointer                 article_hook_data;
};

/* Article ids stay below 2^29 in the search index's timeline key. */
#define DOSSIER_STORE_ID_MASK "536870911"

/* Sets @error from the connection's last message, prefixed with @what. */
void          dossier_store_set_error   (DossierStore  *store,
                                         const char    *what,
                                         GError       **error);

/* A cached prepared statement, reset and with its bindings cleared. */
sqlite3_stmt *dossier_store_prepare     (DossierStore  *store,
                                         const char    *sql,
                                         GError       **error);

gboolean      dossier_store_exec        (DossierStore  *store,
                                         const char    *sql,
                                         GError       **error);

char         *dossier_store_column_dup  (sqlite3_stmt  *stmt,
                                         int            column);
gint64        dossier_store_column_date (sqlite3_stmt  *stmt,
                                         int            column);
void          dossier_store_bind_text   (sqlite3_stmt  *stmt,
                                         int            index,
                                         const char    *text);
void          dossier_store_bind_date   (sqlite3_stmt  *stmt,
                                         int            index,
                                         gint64         date);

G_END_DECLS
