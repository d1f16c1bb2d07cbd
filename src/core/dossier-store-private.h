/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "dossier-grouper.h"
#include "dossier-store.h"
#include "dossier-tagger.h"

G_BEGIN_DECLS

/* The connection itself, for the store's own files and the tests that
 * look at the database as another program would. */
sqlite3          *dossier_store_get_db        (DossierStore *store);

struct _DossierStore {
  char                    *path;
  sqlite3                 *db;
  GHashTable              *statements;   /* SQL text -> sqlite3_stmt */
  /* Built on first need from the shipped catalogue and the user's
   * entities; rebuilt when the user's edits counter moves. */
  DossierTagger           *tagger;
  DossierTagResult        *tag_result;
  gint64                  *tag_ids;       /* catalogue index -> tags.id */
  char                    *tagger_edits;  /* the counter it was built at */
  char                    *fingerprint;
  /* The refresh interval of feeds without their own; the user's
   * preference, not stored in the database. */
  int                      default_interval;
  /* Opened for reading only: the file, its folder or its mount cannot
   * be written. */
  gboolean                 read_only;
  /* Open transactions: the outermost one, then savepoints. */
  guint                    tx_depth;
  gboolean                 tagger_in_tx;  /* built inside the open one */
  /* Events: this connection's grouper, the days whose stories it holds
   * (gint64 day numbers) and the database's grouping generation it was
   * filled at; the new stories of the open transaction wait in
   * grouper_noted until it commits. */
  DossierGrouper          *grouper;
  GHashTable              *grouper_days;
  gint64                   grouper_generation;
  GPtrArray               *grouper_noted;
  /* The tags table holds the shipped catalogue (synced once a process). */
  gboolean                 catalogue_synced;
  /* Taggers replaced while held (dossier_store_hold_taggers ()). */
  GPtrArray               *held_taggers;
  /* Stories staged in this transaction: the ids from staged_first on,
   * the next one to give (0: none staged). staging_ready: the temporary
   * tables of their tags and events exist. */
  gboolean                 staging_ready;
  gint64                   staged_first;
  gint64                   staged_next;
  /* The staged stories themselves, in memory until the commit writes them
   * into the tables (dossier_store_flush_staged ()): by id, by feed and
   * guid, and by link; with what each open savepoint would undo. */
  GPtrArray               *staged;
  GHashTable              *staged_by_guid;
  GHashTable              *staged_by_link;
  GArray                  *staged_marks;
  GPtrArray               *staged_undo;
  /* The tag rows being inserted are counted per batch, not by the row
   * triggers (dossier_tags_counted () in SQL). */
  gboolean                 tags_counted;
  /* The stories being inserted are indexed for search per batch, not by
   * the row trigger (dossier_index_deferred () in SQL, schema 15). */
  gboolean                 index_deferred;
  /* Between dossier_store_begin_bulk () and _end_bulk (): a refresh's
   * writer, whose transactions only merge feeds. */
  gboolean                 bulk;
  /* A flush's rows are being written with the foreign keys unchecked
   * (during a refresh, dossier_store_flush_staged ()): its statements of
   * many rows need no undoing but the transaction's, and say so (INSERT
   * OR FAIL). */
  gboolean                 keys_unchecked;
  /* During a refresh: the thread that copies the WAL back into the
   * database behind the writer (dossier_store_begin_bulk ()). */
  struct _DossierCheckpointer *checkpointer;
};

/* The search index's key for an article: its date (clamped to 0 .. 2^34,
 * the year 2514) above its id (below 2^29), so that the index's own order
 * is the timeline's, published DESC, id DESC. */
#define DOSSIER_STORE_TIMELINE_KEY(row) \
  "((max (min (" row "published, 17179869183), 0) << 29) | " row "id)"

/* Article ids stay below 2^29 in the search index's timeline key. */
#define DOSSIER_STORE_ID_MASK "536870911"

/* Sets @error from the connection's last message, prefixed with @what. */
void          dossier_store_set_error   (DossierStore  *store,
                                         const char    *what,
                                         GError       **error);

/* "There is no feed N" / "There is no story N" (DOSSIER_ERROR_NOT_FOUND). */
void          dossier_store_set_no_feed    (GError       **error,
                                            gint64         feed_id);
void          dossier_store_set_no_article (GError       **error,
                                            gint64         article_id);

/* A cached prepared statement, reset and with its bindings cleared. */
sqlite3_stmt *dossier_store_prepare     (DossierStore  *store,
                                         const char    *sql,
                                         GError       **error);

/* Steps @stmt, whose first column is an id, to its end: the ids in order,
 * or NULL and "@what: why" on an error. Leaves @stmt to be reset or
 * finalized. */
GArray       *dossier_store_step_ids    (DossierStore  *store,
                                         sqlite3_stmt  *stmt,
                                         const char    *what,
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

/* Builds or refreshes the tagger; outside any transaction. */
gboolean      dossier_store_ensure_tagger (DossierStore  *store,
                                           GError       **error);

/* Files one stored story under its entities and topics, replacing what
 * it was filed under; inside the caller's transaction. */
gboolean      dossier_store_tag_article (DossierStore  *store,
                                         gint64         article_id,
                                         const char    *title,
                                         const char    *summary,
                                         const char    *content,
                                         gboolean       replace,
                                         GError       **error);
/* The same for a story staged in this transaction (below). */
gboolean      dossier_store_tag_staged  (DossierStore  *store,
                                         gint64         article_id,
                                         const char    *title,
                                         const char    *summary,
                                         const char    *content,
                                         gboolean       replace,
                                         GError       **error);

/* Files @article_id under @matches (found by the store's tagger),
 * replacing what it was filed under when @replace; @staged: a story of
 * this transaction not yet in the articles table (below). */
gboolean      dossier_store_file_article (DossierStore          *store,
                                          gint64                 article_id,
                                          const DossierTagMatch *matches,
                                          guint                  n,
                                          gboolean               replace,
                                          gboolean               staged,
                                          GError               **error);

/* New stories are staged in memory, with their tag rows (their events in
 * a temporary table, dossier-store-events.c), and written into the tables when the transaction
 * commits, once they are grouped: each row inserted once, with its event,
 * and the search index's rows for the whole transaction inserted last, in
 * the index's order, so that FTS5 writes its new words once instead of a
 * segment for every story (it writes out what it holds at each statement
 * of a transaction that may need undoing, and whenever a row comes below
 * the one before). dossier_store_commit () calls this; FALSE leaves the
 * transaction to be rolled back. */
gboolean      dossier_store_flush_staged (DossierStore          *store,
                                          GError               **error);

/* Files a story staged in this transaction under @matches (replacing
 * what it was filed under when @replace): its tag rows wait with it. */
gboolean      dossier_store_stage_tags  (DossierStore          *store,
                                         gint64                 article_id,
                                         const DossierTagMatch *matches,
                                         guint                  n,
                                         gboolean               replace,
                                         GError               **error);

/* The staged stories follow the transaction: a savepoint begun, released
 * or rolled back to, and the whole transaction ended (committed or rolled
 * back). */
void          dossier_store_staging_savepoint (DossierStore *store);
void          dossier_store_staging_release   (DossierStore *store);
void          dossier_store_staging_rollback  (DossierStore *store);
void          dossier_store_staging_clear     (DossierStore *store);

/* A text as the search index holds it: what the index's triggers call
 * dossier_normalize () for in SQL. The refresh's workers work it out ahead
 * for the stories they prepare; both must stay the same function. */
char         *dossier_store_index_text  (const char    *text,
                                         gssize         length);

/* The text a story is tagged by besides its title. */
const char   *dossier_store_story_body  (const char    *summary,
                                         const char    *content);

void          dossier_store_free_tagger (DossierStore *store);

/* The store's tagger as it is now (built by dossier_store_ensure_tagger ()).
 * While taggers are held, one that the store replaces (after an edit of
 * the entities) is kept until they are released, so that other threads may
 * go on using it. */
DossierTagger *dossier_store_get_tagger     (DossierStore *store);
void           dossier_store_hold_taggers   (DossierStore *store);
void           dossier_store_release_taggers (DossierStore *store);

/* What merging an item needs that does not touch the database: worked
 * out by the refresh's workers, so that its writer only writes. */
typedef struct {
  gint64  hash;
  char   *categories;    /* JSON, or NULL */
  char   *enclosures;    /* JSON, or NULL */
  char   *index_title;   /* dossier_store_index_text () of each, or NULL */
  char   *index_summary;
  char   *index_content;
  GArray *matches;       /* DossierTagMatch (aliases owned), NULL untagged */
  DossierGroupFeatures *group;  /* what the grouper reads of it, NULL untagged */
} DossierPreparedItem;

typedef struct {
  DossierTagger       *tagger;    /* that found the matches, or NULL */
  DossierPreparedItem *items;     /* one for each of the feed's items */
  guint                n_items;
} DossierPreparedFeed;

/* @tagger: NULL to leave the tagging to the merge; @result: a result of
 * @tagger's, this thread's own. */
DossierPreparedFeed *dossier_prepared_feed_new  (const DossierParsedFeed *feed,
                                                 DossierTagger           *tagger,
                                                 DossierTagResult        *result);
void                 dossier_prepared_feed_free (DossierPreparedFeed     *prepared);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierPreparedFeed, dossier_prepared_feed_free)

/* dossier_store_merge_feed () with the items prepared, inside the caller's
 * transaction, which is to be rolled back when this fails (no savepoint
 * of its own: in a transaction of many feeds, SQLite's savepoints keep a
 * journal of every page they change, and a long one costs more than the
 * writes). The tagger must be built. */
gboolean      dossier_store_merge_prepared (DossierStore              *store,
                                            gint64                     feed_id,
                                            const DossierParsedFeed   *feed,
                                            const DossierPreparedFeed *prepared,
                                            gint64                     now,
                                            DossierMergeStats         *stats,
                                            GError                   **error);

/* Settings for a long run of writes (a refresh) on this connection, and
 * back to the usual ones with the WAL checkpointed. */
gboolean      dossier_store_begin_bulk  (DossierStore  *store,
                                         GError       **error);
void          dossier_store_end_bulk    (DossierStore  *store);
/* For the tests: once the checkpoints asked for behind the writer are
 * made, how many were (-1 outside a refresh); and the WAL's growth in
 * pages that asks for one (0: the shipped figure), for later refreshes. */
int           dossier_store_bulk_checkpoints          (DossierStore *store);
void          dossier_store_set_bulk_checkpoint_pages (int           pages);

/* The ids of the stories stored after @after_id (gint64), a story seen
 * again from another feed aside: what a refresh brought that is news. */
GArray       *dossier_store_new_story_ids (DossierStore  *store,
                                           gint64         after_id,
                                           GError       **error);

/* Stores or replaces (or, for NULL, removes) the feed's HTML of a story;
 * inside the caller's transaction. */
gboolean      dossier_store_keep_html   (DossierStore  *store,
                                         gint64         article_id,
                                         const char    *html,
                                         GError       **error);
/* The text of the full article fetched for a story, or NULL. */
char         *dossier_store_full_text   (DossierStore  *store,
                                         gint64         article_id);

/* Events (dossier-store-events.c): the schema step, a new story noted as
 * it is stored and filed, grouped with the others of its transaction just
 * before the commit, and the timeline row's event fields. */
extern const char dossier_store_events_migration[];
/* A tag row a batch files: its story's date, and whether the story counts
 * as an event (it leads one, or waits to be grouped). The aliases are
 * the caller's. */
typedef struct {
  gint64    tag_id;
  gint64    published;
  gint64    article_id;
  guint     title_count;
  guint     body_count;
  gboolean  leads;
  char     *aliases;
} DossierTagRow;

gboolean      dossier_store_insert_tag_rows (DossierStore  *store,
                                             GArray        *rows,
                                             GError       **error);
void          dossier_store_note_new_story (DossierStore  *store,
                                            gint64         article_id,
                                            gint64         feed_id,
                                            const char    *lang,
                                            gint64         published,
                                            const char    *title,
                                            const char    *summary,
                                            const char    *content,
                                            const char    *link,
                                            const DossierTagMatch *matches,
                                            guint          n_matches,
                                            DossierGroupFeatures *features);
/* What the grouper reads of a story, worked out in a refresh's worker
 * from the tags that @catalogue's tagger found in it. */
DossierGroupFeatures *dossier_store_group_features_new (DossierCatalogue      *catalogue,
                                                        const char            *lang,
                                                        const char            *title,
                                                        const char            *summary,
                                                        const char            *content,
                                                        const char            *link,
                                                        const DossierTagMatch *matches,
                                                        guint                  n_matches);
/* Stories were deleted (inside the caller's transaction): every
 * connection's grouper, this one's too, reads the database again. */
gboolean      dossier_store_events_stale   (DossierStore  *store,
                                            GError       **error);
gboolean      dossier_store_group_noted    (DossierStore  *store,
                                            GError       **error);
void          dossier_store_free_grouper   (DossierStore  *store);
gboolean      dossier_store_fill_events    (DossierStore  *store,
                                            GPtrArray     *articles,
                                            GError       **error);

G_END_DECLS
