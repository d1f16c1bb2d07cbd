/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dossier-context.h"

G_BEGIN_DECLS

/* What the context's files by concern (dossier-context-reading.c) share
 * with dossier-context.c: a job on the shared connection in a worker
 * thread, and the database's path for work on a connection of its own.
 * @result_free frees the job's result when the task was cancelled after
 * the job finished (nobody takes it then). */
typedef gpointer (*DossierStoreJob) (DossierStore  *store,
                                     gpointer       data,
                                     GError       **error);

void        dossier_context_run_store_job    (DossierContext      *self,
                                              gpointer             source_tag,
                                              DossierStoreJob      job,
                                              gpointer             data,
                                              GDestroyNotify       data_free,
                                              GDestroyNotify       result_free,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gpointer    dossier_context_finish_store_job (DossierContext  *self,
                                              GAsyncResult    *result,
                                              gpointer         source_tag,
                                              GError         **error);
const char *dossier_context_get_path         (DossierContext  *self);

G_END_DECLS
