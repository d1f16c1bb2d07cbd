/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-store"

#include "dossier-error.h"
#include "dossier-store.h"

#include <string.h>

struct _DossierStore {
  char *path;
};

void
dossier_query_init (DossierQuery *query)
{
  memset (query, 0, sizeof *query);
  query->since = DOSSIER_DATE_NONE;
  query->until = DOSSIER_DATE_NONE;
}

void
dossier_feed_info_free (DossierFeedInfo *info)
{
  g_free (info);
}

void
dossier_article_free (DossierArticle *article)
{
  g_free (article);
}

DossierStore *
dossier_store_open (const char  *path,
                    GError     **error)
{
  g_set_error_literal (error, DOSSIER_ERROR, DOSSIER_ERROR_DATABASE,
                       "The store is not written yet");
  return NULL;
}

void
dossier_store_close (DossierStore *store)
{
  if (store == NULL)
    return;
  g_free (store->path);
  g_free (store);
}

const char *
dossier_store_get_path (DossierStore *store)
{
  return store->path;
}

char *
dossier_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "dossier", "dossier.db", NULL);
}
