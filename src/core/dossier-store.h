/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "dossier-types.h"
#include "dossier-catalogue.h"
#include "dossier-feed.h"
#include "dossier-records.h"

G_BEGIN_DECLS

/*
 * The synchronous API of the database, for worker threads and the CLI;
 * the interface reaches it only through DossierContext's jobs, and sees
 * the records it returns in dossier-records.h.
 *
 * One SQLite connection to a Dossier database. A DossierStore is used by one
 * thread at a time: the refresh worker opens its own for writing, the GUI's
 * reader threads open their own (WAL lets them read while a refresh writes),
 * and dossier-cli opens one. Opening creates the folder, enables WAL and
 * foreign keys, and migrates an older schema in place (PRAGMA user_version).
 */

DossierStore     *dossier_store_open          (const char  *path,
                                               GError     **error);
void              dossier_store_close         (DossierStore *store);
/* A database whose file, folder or mount cannot be written is opened for
 * reading; every change then fails with DOSSIER_ERROR_READ_ONLY. */
gboolean          dossier_store_is_read_only  (DossierStore *store);
const char       *dossier_store_get_path      (DossierStore *store);
int               dossier_store_get_schema_version (DossierStore *store);

/* The default database: $XDG_DATA_HOME/dossier/dossier.db */
char             *dossier_store_default_path  (void);

/* A transaction; inside an open one, a savepoint, so that several edits
 * (each its own transaction) can be made all or nothing together. */
gboolean          dossier_store_begin         (DossierStore *store,
                                               GError      **error);
gboolean          dossier_store_commit        (DossierStore *store,
                                               GError      **error);
void              dossier_store_rollback      (DossierStore *store);

/* "ok" when PRAGMA integrity_check finds nothing, else its first report. */
char             *dossier_store_check_integrity (DossierStore *store);

/* Feeds */
gint64            dossier_store_add_feed      (DossierStore *store,
                                               const char   *url,
                                               const char   *title,
                                               const char   *folder,
                                               GError      **error);
gboolean          dossier_store_remove_feed   (DossierStore *store,
                                               gint64        feed_id,
                                               GError      **error);
DossierFeedInfo  *dossier_store_get_feed      (DossierStore *store,
                                               gint64        feed_id,
                                               GError      **error);
/* The feed at @url however it is spelt (dossier_url_key ()), or 0. */
gint64            dossier_store_find_feed     (DossierStore *store,
                                               const char   *url);
/* Every feed (DossierFeedInfo *), by folder and title. */
GPtrArray        *dossier_store_list_feeds    (DossierStore *store,
                                               GError      **error);
/* Ids of the feeds to fetch at @now: due and not gone. */
GArray           *dossier_store_due_feeds     (DossierStore *store,
                                               gint64        now,
                                               GError      **error);
gboolean          dossier_store_set_feed_title  (DossierStore *store,
                                                 gint64        feed_id,
                                                 const char   *title,
                                                 GError      **error);
gboolean          dossier_store_set_feed_folder (DossierStore *store,
                                                 gint64        feed_id,
                                                 const char   *folder,
                                                 GError      **error);
gboolean          dossier_store_set_feed_options (DossierStore *store,
                                                  gint64        feed_id,
                                                  int           interval_minutes,
                                                  int           retention_days,
                                                  GError      **error);
/* The minutes between refreshes of feeds that have no interval of their
 * own, on this connection (0: DOSSIER_REFRESH_DEFAULT_INTERVAL). */
void              dossier_store_set_default_interval (DossierStore *store,
                                                      int           minutes);
int               dossier_store_get_default_interval (DossierStore *store);

/* Subscribes to every entry (DossierOpmlEntry *) not subscribed yet;
 * fetches nothing. On an error, the feeds before it stay added. */
gboolean          dossier_store_import_feeds  (DossierStore  *store,
                                               GPtrArray     *entries,
                                               guint         *added,
                                               guint         *existing,
                                               GError       **error);
/* Every subscription as an OPML 2.0 document. */
char             *dossier_store_export_opml   (DossierStore  *store,
                                               const char    *title,
                                               guint         *n_feeds,
                                               GError       **error);
gboolean          dossier_store_set_feed_allow_insecure (DossierStore  *store,
                                                         gint64         feed_id,
                                                         gboolean       allow,
                                                         GError       **error);
/* A permanent redirect: the feed lives at @url from now on. */
gboolean          dossier_store_set_feed_url  (DossierStore *store,
                                               gint64        feed_id,
                                               const char   *url,
                                               GError      **error);
gboolean          dossier_store_set_fetch_state (DossierStore            *store,
                                                 gint64                   feed_id,
                                                 const DossierFetchState *state,
                                                 GError                 **error);

/* One refresh of one feed: feed metadata, new and changed articles, in one
 * transaction (all or nothing). */
gboolean          dossier_store_merge_feed    (DossierStore            *store,
                                               gint64                   feed_id,
                                               const DossierParsedFeed *feed,
                                               gint64                   now,
                                               DossierMergeStats       *stats,
                                               GError                 **error);

/* Articles */
GPtrArray        *dossier_store_query         (DossierStore       *store,
                                               const DossierQuery *query,
                                               guint              *total,
                                               GError            **error);
/* Every matching id, newest first (8 bytes a story): the GUI pages the
 * timeline with it and dossier_store_get_articles (). */
GArray           *dossier_store_query_ids     (DossierStore       *store,
                                               const DossierQuery *query,
                                               GError            **error);
GPtrArray        *dossier_store_get_articles  (DossierStore *store,
                                               const gint64 *ids,
                                               guint         n_ids,
                                               GError      **error);
DossierArticle   *dossier_store_get_article   (DossierStore *store,
                                               gint64        article_id,
                                               GError      **error);
gboolean          dossier_store_set_read      (DossierStore *store,
                                               gint64        article_id,
                                               gboolean      read,
                                               GError      **error);
gboolean          dossier_store_set_starred   (DossierStore *store,
                                               gint64        article_id,
                                               gboolean      starred,
                                               GError      **error);
/* Marks every article the query matches (limit and offset aside) read. */
gboolean          dossier_store_mark_all_read (DossierStore       *store,
                                               const DossierQuery *query,
                                               GError            **error);

/* Deletes unstarred articles older than their feed's retention, or than
 * @global_days when that is above 0 and the feed sets none; feeds kept
 * DOSSIER_RETENTION_FOREVER lose nothing. Returns the number deleted, or
 * -1 with @error set. */
gint64            dossier_store_purge         (DossierStore *store,
                                               gint64        now,
                                               int           global_days,
                                               GError      **error);

/* Entities and topics */

/* Every entity or topic, the most mentioned first. */
GPtrArray        *dossier_store_list_tags     (DossierStore      *store,
                                               DossierTagFilter   filter,
                                               GError           **error);
/* One, with its aliases (shipped and the user's). */
DossierTagInfo   *dossier_store_get_tag       (DossierStore  *store,
                                               const char    *slug,
                                               GError       **error);
/* The entity or topic whose name, in English or Arabic, or one of whose
 * aliases or keywords is @text (in any case, letter forms folded), with
 * its aliases; NULL without an error when there is none. */
DossierTagInfo   *dossier_store_find_tag_named (DossierStore  *store,
                                                const char    *text,
                                                GError       **error);
/* Stories per period from @since up to, not including, @until (in seconds;
 * DOSSIER_DATE_NONE: from the first mention, to the last), periods without
 * a mention included. */
GArray           *dossier_store_tag_counts    (DossierStore   *store,
                                               const char     *slug,
                                               DossierPeriod   period,
                                               gint64          since,
                                               gint64          until,
                                               GError        **error);
/* The entities and topics filed most often with @slug, most first, over
 * its newest 10,000 stories since @since. */
GPtrArray        *dossier_store_related_tags  (DossierStore  *store,
                                               const char    *slug,
                                               gint64         since,
                                               guint          limit,
                                               GError       **error);

/* The aliases or keywords that filed @slug's newest 10,000 stories since
 * @since, the most frequent first: why its stories are there. */
GPtrArray        *dossier_store_tag_alias_hits (DossierStore  *store,
                                                const char    *slug,
                                                gint64         since,
                                                GError       **error);
/* The user's own entities and topics (@kind "topic" for a topic). Edits
 * take effect for new stories at once; stored ones are filed again by
 * dossier_store_retag (). Each call is one transaction: what the user
 * edits goes through dossier_tag_edit_apply (), which makes one edit of
 * them all. */
gboolean          dossier_store_add_tag       (DossierStore  *store,
                                               const char    *slug,
                                               const char    *kind,
                                               const char    *name_en,
                                               const char    *name_ar,
                                               const char    *description_en,
                                               const char    *description_ar,
                                               GError       **error);
/* NULL leaves a field as it is; only the user's own can be renamed. */
gboolean          dossier_store_edit_tag      (DossierStore  *store,
                                               const char    *slug,
                                               const char    *name_en,
                                               const char    *name_ar,
                                               const char    *description_en,
                                               const char    *description_ar,
                                               GError       **error);
gboolean          dossier_store_remove_tag    (DossierStore  *store,
                                               const char    *slug,
                                               GError       **error);
/* An alias of an entity or a keyword of a topic, shipped ones included;
 * @lang NULL: guessed from the script. */
gboolean          dossier_store_add_tag_alias (DossierStore  *store,
                                               const char    *slug,
                                               const char    *alias,
                                               const char    *lang,
                                               gboolean       exact_case,
                                               GError       **error);
gboolean          dossier_store_remove_tag_alias (DossierStore  *store,
                                                  const char    *slug,
                                                  const char    *alias,
                                                  GError       **error);

/* Whether stored stories were filed under another catalogue or other user
 * entities than the current ones. */
gboolean          dossier_store_retag_needed  (DossierStore  *store,
                                               gboolean      *needed,
                                               GError       **error);
/* Files every stored story again, newest first, a batch per transaction;
 * an interrupted run resumes where it stopped. Only what changed is
 * written. */
gboolean          dossier_store_retag         (DossierStore          *store,
                                               DossierRetagProgress   progress,
                                               gpointer               user_data,
                                               GError               **error);

/* Turns what a user typed into a safe FTS5 query over search words
 * (dossier_search_match ()): words, "phrases" and prefix* terms, ANDed;
 * NULL when nothing searchable is left. */
char             *dossier_store_build_match   (const char *user_query);

/* Saved searches and watches */

/* Stores @search as a new saved search (its id and created are ignored)
 * and returns its id, 0 with @error set: DOSSIER_ERROR_INVALID for an
 * empty name, DOSSIER_ERROR_EXISTS when another has the same name (case
 * and Arabic letter variants aside), DOSSIER_ERROR_NOT_FOUND for an
 * unknown feed, entity or topic. */
gint64            dossier_store_save_search   (DossierStore              *store,
                                               const DossierSavedSearch  *search,
                                               GError                   **error);
gboolean          dossier_store_rename_search (DossierStore  *store,
                                               gint64         search_id,
                                               const char    *name,
                                               GError       **error);
gboolean          dossier_store_remove_search (DossierStore  *store,
                                               gint64         search_id,
                                               GError       **error);
/* Every saved search (DossierSavedSearch *), by name in the user's
 * locale's order. */
GPtrArray        *dossier_store_list_searches (DossierStore  *store,
                                               GError       **error);
DossierSavedSearch *dossier_store_get_search  (DossierStore  *store,
                                               gint64         search_id,
                                               GError       **error);
gboolean          dossier_store_set_search_watched (DossierStore  *store,
                                                    gint64         search_id,
                                                    gboolean       watched,
                                                    GError       **error);

/* Watches an entity or topic, or stops. A watch is kept by slug: when the
 * tag is removed it matches nothing and is no longer listed. */
gboolean          dossier_store_set_tag_watched (DossierStore  *store,
                                                 const char    *slug,
                                                 gboolean       watched,
                                                 GError       **error);
gboolean          dossier_store_is_tag_watched  (DossierStore  *store,
                                                 const char    *slug,
                                                 gboolean      *watched,
                                                 GError       **error);
/* The watched entities and topics that exist (DossierTagInfo *), by
 * English name. */
GPtrArray        *dossier_store_list_watched_tags (DossierStore  *store,
                                                   GError       **error);

/* The newest story id, 0 when there is none, -1 with @error set: what a
 * refresh starts from. */
gint64            dossier_store_last_article_id (DossierStore  *store,
                                                 GError       **error);
/* For every watched entity and topic (by English name) and then every
 * watched saved search (by name), the new stories above
 * @after_article_id that match it (DossierWatchHit *, only those with one
 * or more). A story seen again from another feed is not new. To show a
 * hit's stories, or all of a notification's, set DossierQuery.ids to
 * their article_ids. */
GPtrArray        *dossier_store_watch_hits    (DossierStore  *store,
                                               gint64         after_article_id,
                                               GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierStore, dossier_store_close)

G_END_DECLS
