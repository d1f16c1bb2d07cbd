/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dossier-records.h"
#include "dossier-refresh-types.h"
#include "dossier-tag-edit.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_CONTEXT (dossier_context_get_type ())

G_DECLARE_FINAL_TYPE (DossierContext, dossier_context, DOSSIER, CONTEXT, GObject)

/* What a refresh did, for the window to report. */
typedef struct {
  guint      feeds;
  guint      new_articles;
  guint      failed;
  GPtrArray *errors;          /* char *: "Feed title: reason", one per failed feed */
  /* DossierWatchHit *: the new stories of each watched entity, topic and
   * saved search (dossier_store_watch_hits ()), empty when none. To open
   * them as a timeline, put their article_ids (one hit's, or all of them)
   * in DossierQuery.ids. */
  GPtrArray *watch_hits;
} DossierRefreshSummary;

void                   dossier_refresh_summary_free (DossierRefreshSummary *summary);

/* The application's services for the interface (signal
 * "refresh-progress" (guint done, guint total) while a refresh runs): every database read and
 * write, and the refresh, run in worker threads on connections of their
 * own, never on the caller's thread; results come back through GTask.
 * A _finish () that returns NULL or FALSE has set its error (cancelled
 * jobs: G_IO_ERROR_CANCELLED), except where its comment says otherwise
 * (dossier_context_find_tag_named_finish ()). */
DossierContext        *dossier_context_new        (const char *db_path);

/* Every matching story id, newest first (GArray of gint64). @query is
 * copied. */
void                   dossier_context_query_ids_async   (DossierContext      *self,
                                                          const DossierQuery  *query,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
GArray                *dossier_context_query_ids_finish  (DossierContext  *self,
                                                          GAsyncResult    *result,
                                                          GError         **error);

/* A query's ids with the rows of its first stories, read in one job: a
 * new list can be shown whole at once, not as empty rows that fill a
 * job and a frame later. */
typedef struct {
  GArray    *ids;        /* gint64, newest first: every matching story */
  GPtrArray *articles;   /* DossierArticle, of the first ids, in no set order */
} DossierQueryPage;

void                   dossier_query_page_free (DossierQueryPage *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierQueryPage, dossier_query_page_free)

/* As dossier_context_query_ids_async (), with the rows of the first
 * @n_first stories. */
void                   dossier_context_query_page_async  (DossierContext      *self,
                                                          const DossierQuery  *query,
                                                          guint                n_first,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
DossierQueryPage      *dossier_context_query_page_finish (DossierContext  *self,
                                                          GAsyncResult    *result,
                                                          GError         **error);

/* The rows of @ids (GPtrArray of DossierArticle), in no set order. */
void                   dossier_context_get_articles_async  (DossierContext      *self,
                                                            const gint64        *ids,
                                                            guint                n_ids,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
GPtrArray             *dossier_context_get_articles_finish (DossierContext  *self,
                                                            GAsyncResult    *result,
                                                            GError         **error);

/* One story in full, with why it is filed. */
void                   dossier_context_get_article_async  (DossierContext      *self,
                                                           gint64               article_id,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
DossierArticle        *dossier_context_get_article_finish (DossierContext  *self,
                                                           GAsyncResult    *result,
                                                           GError         **error);

/* GPtrArray of DossierTagInfo, most mentioned first. */
void                   dossier_context_list_tags_async    (DossierContext      *self,
                                                           DossierTagFilter     filter,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
GPtrArray             *dossier_context_list_tags_finish   (DossierContext  *self,
                                                           GAsyncResult    *result,
                                                           GError         **error);

/* GPtrArray of DossierFeedInfo, by folder and title. */
void                   dossier_context_list_feeds_async   (DossierContext      *self,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
GPtrArray             *dossier_context_list_feeds_finish  (DossierContext  *self,
                                                           GAsyncResult    *result,
                                                           GError         **error);

/* Marks a story read or unread (@starred FALSE), or starred or not
 * (@starred TRUE). */
void                   dossier_context_set_flag_async     (DossierContext      *self,
                                                           gint64               article_id,
                                                           gboolean             starred,
                                                           gboolean             value,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean               dossier_context_set_flag_finish    (DossierContext  *self,
                                                           GAsyncResult    *result,
                                                           GError         **error);

/* Marks every story of @query (copied) read; finishes with the ids
 * (GArray of gint64) of the stories that were unread, for an undo. */
void                   dossier_context_mark_all_read_async  (DossierContext      *self,
                                                             const DossierQuery  *query,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
GArray                *dossier_context_mark_all_read_finish (DossierContext  *self,
                                                             GAsyncResult    *result,
                                                             GError         **error);
/* Marks the stories @ids (GArray of gint64, copied) unread again. */
void                   dossier_context_mark_unread_async    (DossierContext      *self,
                                                             GArray              *ids,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean               dossier_context_mark_unread_finish   (DossierContext  *self,
                                                             GAsyncResult    *result,
                                                             GError         **error);

/* Fetches @url (a feed, or a page whose autodiscovery names one) to show
 * before subscribing; DOSSIER_ERROR_EXISTS when it is subscribed already. */
void                   dossier_context_resolve_feed_async  (DossierContext      *self,
                                                            const char          *url,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
DossierResolvedFeed   *dossier_context_resolve_feed_finish (DossierContext  *self,
                                                            GAsyncResult    *result,
                                                            GError         **error);

/* Subscribes to @resolved (taken) and stores the stories it brought.
 * Empty @title or @folder: the feed's own title, the top level. Returns
 * the feed's id. */
void                   dossier_context_subscribe_async    (DossierContext      *self,
                                                           DossierResolvedFeed *resolved,
                                                           const char          *title,
                                                           const char          *folder,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gint64                 dossier_context_subscribe_finish   (DossierContext  *self,
                                                           GAsyncResult    *result,
                                                           GError         **error);

void                   dossier_context_get_feed_async     (DossierContext      *self,
                                                           gint64               feed_id,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
DossierFeedInfo       *dossier_context_get_feed_finish    (DossierContext  *self,
                                                           GAsyncResult    *result,
                                                           GError         **error);

/* Saves a feed's properties, in one transaction; @interval_minutes and
 * @retention_days 0 for the defaults; @allow_insecure lets an https feed
 * follow a redirect to http. */
void                   dossier_context_edit_feed_async    (DossierContext      *self,
                                                           gint64               feed_id,
                                                           const char          *url,
                                                           const char          *title,
                                                           const char          *folder,
                                                           int                  interval_minutes,
                                                           int                  retention_days,
                                                           gboolean             allow_insecure,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean               dossier_context_edit_feed_finish   (DossierContext  *self,
                                                           GAsyncResult    *result,
                                                           GError         **error);

/* Unsubscribes, deleting the feed's stories. */
void                   dossier_context_remove_feed_async  (DossierContext      *self,
                                                           gint64               feed_id,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean               dossier_context_remove_feed_finish (DossierContext  *self,
                                                           GAsyncResult    *result,
                                                           GError         **error);

/* What an OPML import did. */
typedef struct {
  guint      added;
  guint      existing;
  GPtrArray *problems;        /* char *: one line per outline not used */
} DossierImportSummary;

void                   dossier_import_summary_free (DossierImportSummary *summary);

/* Subscribes to the feeds of an OPML document (nothing is fetched yet). */
void                   dossier_context_import_opml_async  (DossierContext      *self,
                                                           GBytes              *opml,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
DossierImportSummary  *dossier_context_import_opml_finish (DossierContext  *self,
                                                           GAsyncResult    *result,
                                                           GError         **error);

/* Every subscription as an OPML 2.0 document. */
void                   dossier_context_export_opml_async  (DossierContext      *self,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
GBytes                *dossier_context_export_opml_finish (DossierContext  *self,
                                                           GAsyncResult    *result,
                                                           GError         **error);

/* The refresh interval of feeds without their own, and how many days
 * stories are kept (0: for ever) where a feed does not say; starred
 * stories are always kept. Applies from the next refresh. */
/* Whether entity and topic charts count events (one for a story and its
 * copies in other feeds and languages) or stories; events by default, as
 * the timeline shows one row per event by default. */
void                   dossier_context_set_count_events   (DossierContext *self,
                                                           gboolean        count_events);
gboolean               dossier_context_get_count_events   (DossierContext *self);
void                   dossier_context_set_refresh_defaults (DossierContext *self,
                                                             int             interval_minutes,
                                                             int             retention_days);

/* Refreshes every feed that is due (@all: every feed), then deletes the
 * stories older than their retention. */
void                   dossier_context_refresh_async      (DossierContext      *self,
                                                           gboolean             all,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
DossierRefreshSummary *dossier_context_refresh_finish     (DossierContext  *self,
                                                           GAsyncResult    *result,
                                                           GError         **error);

/* Everything an entity or topic panel shows but its stories and chart. */
typedef struct {
  DossierTagInfo *info;       /* with its aliases */
  GPtrArray      *related;    /* DossierTagInfo *: filed most often with it */
  GPtrArray      *alias_hits; /* DossierAliasHit *: what filed its stories */
} DossierTagOverview;

void                   dossier_tag_overview_free (DossierTagOverview *overview);

/* @since bounds the related tags and alias hits (DOSSIER_DATE_NONE: all). */
void                   dossier_context_tag_overview_async  (DossierContext      *self,
                                                            const char          *slug,
                                                            gint64               since,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
DossierTagOverview    *dossier_context_tag_overview_finish (DossierContext  *self,
                                                            GAsyncResult    *result,
                                                            GError         **error);

/* Stories per period of each tag in @slugs (events, with count-events on),
 * as dossier_store_tag_counts_full (): a GPtrArray of GArray
 * (DossierTagCount), in the order of @slugs. */
void                   dossier_context_tag_counts_async   (DossierContext      *self,
                                                           const char * const  *slugs,
                                                           DossierPeriod        period,
                                                           gint64               since,
                                                           gint64               until,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
GPtrArray             *dossier_context_tag_counts_finish  (DossierContext  *self,
                                                           GAsyncResult    *result,
                                                           GError         **error);

/* Writes every story of @query (copied; its limit and offset are
 * ignored) to @file as CSV or JSON, on a connection of its own. A failed
 * export leaves the file as it was. */
void                   dossier_context_export_stories_async  (DossierContext      *self,
                                                              const DossierQuery  *query,
                                                              DossierExportFormat  format,
                                                              GFile               *file,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
gboolean               dossier_context_export_stories_finish (DossierContext  *self,
                                                              GAsyncResult    *result,
                                                              GError         **error);

/* Subscribes to the sample feeds that ship with Dossier (nothing is
 * fetched yet: they are due at once); @n_added says how many were new. */
void                   dossier_context_add_samples_async  (DossierContext      *self,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean               dossier_context_add_samples_finish (DossierContext  *self,
                                                           GAsyncResult    *result,
                                                           guint           *n_added,
                                                           GError         **error);

/* ---- Editing entities and topics ---------------------------------------- */

/* One entity or topic with its aliases (DossierTagInfo). */
void                   dossier_context_get_tag_async     (DossierContext      *self,
                                                          const char          *slug,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
DossierTagInfo        *dossier_context_get_tag_finish    (DossierContext  *self,
                                                          GAsyncResult    *result,
                                                          GError         **error);

/* Applies @edit (copied) with dossier_tag_edit_apply (), as dossier-cli
 * does: all of it in one transaction, or nothing. Returns the tag's slug.
 * Stored stories are filed again by dossier_context_retag_async (). */
void                   dossier_context_save_tag_async    (DossierContext       *self,
                                                          const DossierTagEdit *edit,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
char                  *dossier_context_save_tag_finish   (DossierContext  *self,
                                                          GAsyncResult    *result,
                                                          GError         **error);

/* Removes one of the user's own entities (@topic FALSE) or topics. */
void                   dossier_context_remove_tag_async  (DossierContext      *self,
                                                          const char          *slug,
                                                          gboolean             topic,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean               dossier_context_remove_tag_finish (DossierContext  *self,
                                                          GAsyncResult    *result,
                                                          GError         **error);

/* Files the stored stories again after an edit, on a connection of its
 * own, one run at a time (a second waits for the first). Whoever started
 * it, the context emits "retag-progress" (guint64 done, guint64 total) at
 * most ten times a second, done == total last (none when nothing needed
 * filing again), and "retag-finished" (GError *error, NULL on success)
 * when a run ends, so that the window can show it. Cancelling stops after the current batch
 * (G_IO_ERROR_CANCELLED); the next run goes on from there. */
void                   dossier_context_retag_async       (DossierContext      *self,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean               dossier_context_retag_finish      (DossierContext  *self,
                                                          GAsyncResult    *result,
                                                          GError         **error);


/* Groups the stories stored before events (a database upgraded from
 * schema 11, or one that `dossier-cli group` never caught up), oldest
 * first, on a connection of its own, one run at a time, in batches short
 * enough that a refresh's writes wait little for them. The context emits
 * "group-progress" (guint64 done, guint64 total) at most ten times a
 * second and "group-finished" (GError *error, NULL on success) at the
 * end; neither when nothing was waiting. Cancelling stops after the
 * current batch (G_IO_ERROR_CANCELLED); the next run goes on from there.
 * Returns how many stories were waiting. */
void                   dossier_context_group_backlog_async  (DossierContext      *self,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gint64                 dossier_context_group_backlog_finish (DossierContext  *self,
                                                             GAsyncResult    *result,
                                                             GError         **error);

/* Saved searches and watches: the sidebar's list, the "Watch" toggles. */

/* GPtrArray of DossierSavedSearch, by name. */
void                   dossier_context_list_searches_async  (DossierContext      *self,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
GPtrArray             *dossier_context_list_searches_finish (DossierContext  *self,
                                                             GAsyncResult    *result,
                                                             GError         **error);

/* Saves a copy of @search as a new saved search; returns its id, 0 on an
 * error (DOSSIER_ERROR_EXISTS for a name in use). */
void                   dossier_context_save_search_async  (DossierContext           *self,
                                                           const DossierSavedSearch *search,
                                                           GCancellable             *cancellable,
                                                           GAsyncReadyCallback       callback,
                                                           gpointer                  user_data);
gint64                 dossier_context_save_search_finish (DossierContext  *self,
                                                           GAsyncResult    *result,
                                                           GError         **error);

void                   dossier_context_rename_search_async  (DossierContext      *self,
                                                             gint64               search_id,
                                                             const char          *name,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean               dossier_context_rename_search_finish (DossierContext  *self,
                                                             GAsyncResult    *result,
                                                             GError         **error);

void                   dossier_context_remove_search_async  (DossierContext      *self,
                                                             gint64               search_id,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean               dossier_context_remove_search_finish (DossierContext  *self,
                                                             GAsyncResult    *result,
                                                             GError         **error);

void                   dossier_context_set_search_watched_async  (DossierContext      *self,
                                                                  gint64               search_id,
                                                                  gboolean             watched,
                                                                  GCancellable        *cancellable,
                                                                  GAsyncReadyCallback  callback,
                                                                  gpointer             user_data);
gboolean               dossier_context_set_search_watched_finish (DossierContext  *self,
                                                                  GAsyncResult    *result,
                                                                  GError         **error);

void                   dossier_context_set_tag_watched_async  (DossierContext      *self,
                                                               const char          *slug,
                                                               gboolean             watched,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
gboolean               dossier_context_set_tag_watched_finish (DossierContext  *self,
                                                               GAsyncResult    *result,
                                                               GError         **error);

/* FALSE with @error for an unknown slug; else TRUE, and @watched says. */
void                   dossier_context_is_tag_watched_async  (DossierContext      *self,
                                                              const char          *slug,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
gboolean               dossier_context_is_tag_watched_finish (DossierContext  *self,
                                                              GAsyncResult    *result,
                                                              gboolean        *watched,
                                                              GError         **error);

/* GPtrArray of DossierTagInfo, by English name. */
void                   dossier_context_list_watched_tags_async  (DossierContext      *self,
                                                                 GCancellable        *cancellable,
                                                                 GAsyncReadyCallback  callback,
                                                                 gpointer             user_data);
GPtrArray             *dossier_context_list_watched_tags_finish (DossierContext  *self,
                                                                 GAsyncResult    *result,
                                                                 GError         **error);

/* The entity or topic named @text (dossier_store_find_tag_named ()), or
 * NULL without an error when there is none. */
void                   dossier_context_find_tag_named_async  (DossierContext      *self,
                                                              const char          *text,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
DossierTagInfo        *dossier_context_find_tag_named_finish (DossierContext  *self,
                                                              GAsyncResult    *result,
                                                              GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierRefreshSummary, dossier_refresh_summary_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierImportSummary, dossier_import_summary_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierTagOverview, dossier_tag_overview_free)

G_END_DECLS
