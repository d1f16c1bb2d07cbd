/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "dossier-store.h"

G_BEGIN_DECLS

/*
 * Events: the stories of several feeds and languages that report one news
 * item, grouped as they are stored (DossierGrouper decides). An event is
 * known by its first story, its lead; the others follow it. Corrections
 * by the user ("Not the same event", "Same event as…") are kept and win
 * over the rules.
 */

/* The event that @article_id is part of (a story alone is an event of
 * one). */
DossierEvent *dossier_store_get_event     (DossierStore  *store,
                                           gint64         article_id,
                                           GError       **error);

/* The events of the stories that match @query, newest first, one id each
 * (the lead's, or without filters the lead itself; with filters the
 * newest matching story of each event); @query's limit and offset count
 * events. */
GArray       *dossier_store_query_event_ids (DossierStore       *store,
                                             const DossierQuery *query,
                                             GError            **error);
/* The same as whole events, and how many there are in all. */
GPtrArray    *dossier_store_query_events  (DossierStore       *store,
                                           const DossierQuery *query,
                                           guint              *total,
                                           GError            **error);

/* How many stories @query matches, copies and all (its events are
 * dossier_store_query_event_ids ()'s length). */
gboolean      dossier_store_count_stories (DossierStore       *store,
                                           const DossierQuery *query,
                                           guint              *n_stories,
                                           GError            **error);

/* Groups every story not grouped yet (after an upgrade, a database made
 * before events: oldest first, a batch per transaction; an interrupted run
 * goes on where it stopped). Refreshes group their new stories as they
 * store them. */
gboolean      dossier_store_group_events  (DossierStore          *store,
                                           DossierRetagProgress   progress,
                                           gpointer               user_data,
                                           GError               **error);
/* How many stories wait to be grouped. */
gboolean      dossier_store_events_pending (DossierStore *store,
                                            guint64      *pending,
                                            GError      **error);

/* "Not the same event": @article_id leaves its event (a lead hands it to
 * the next story) and is never grouped with it again. */
gboolean      dossier_store_event_split   (DossierStore  *store,
                                           gint64         article_id,
                                           GError       **error);
/* "Same event as…": @article_id's event joins @other_id's. */
gboolean      dossier_store_event_join    (DossierStore  *store,
                                           gint64         article_id,
                                           gint64         other_id,
                                           GError       **error);

/* Why a story is in its event, as a sentence in the interface's language:
 * "Both mention Nvidia H20 and the CAC, 3 hours apart". @why is
 * DossierEventStory.why. */
char         *dossier_store_event_why_text (DossierStore *store,
                                            const char   *why);

G_END_DECLS
