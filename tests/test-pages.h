/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/*
 * Article pages for the full-article tests, good and hostile, served by a
 * SoupServer on 127.0.0.1 (test_server_start (test_pages_handle, pages)):
 *
 *   /page/ok            a real English article in a CMS's page
 *                       (tests/fixtures/extract/08-en-spglobal.html)
 *   /page/ok-ar         a real Arabic one (13-ar-alkhalij.html)
 *   /page/scripts       an article among scripts, frames, objects, inline
 *                       handlers, javascript: links and a meta refresh
 *   /page/huge-dom      the article, then 8 MB less a little of tiny
 *                       elements: 330,000 of them
 *   /page/nested        the article inside 10,000 nested <div>s
 *   /page/nested-after  the article, then 10,000 nested <div>s
 *   /page/endless       HTML streamed for ever, 64 KB chunks as fast as
 *                       they are read
 *   /page/trickle       HTML streamed for ever, 100 bytes every 50 ms
 *   /page/too-large     9 MB with its Content-Length
 *   /page/gone          404
 *   /page/pdf           a PDF, not a page
 *   /page/private       a good article, but the feed names it on
 *                       http://localhost:PORT: a local address that its
 *                       feed (on 127.0.0.1) does not come from, so it
 *                       must never be requested
 *   /feed.xml           an RSS feed with a story for each page above but
 *                       the trickle, each with its own summary
 *
 * Every request is counted by path, so a test can see that nothing the
 * pages name (/evil.js, /frame.html, /pixel.gif, ...) was asked for.
 */

typedef struct _TestPages TestPages;

TestPages  *test_pages_new            (void);
void        test_pages_free           (TestPages   *pages);

/* The server's address, "http://127.0.0.1:PORT", for the feed's links. */
void        test_pages_set_base       (TestPages   *pages,
                                       const char  *base);

void        test_pages_handle         (SoupServer        *server,
                                       SoupServerMessage *msg,
                                       const char        *path,
                                       GHashTable        *query,
                                       gpointer           user_data);

/* The paths that /page/scripts names for a browser to fetch or run:
 * none may ever be requested. */
const char * const *test_pages_resource_paths (guint *n);

/* With @down, every page answers 503 Service Unavailable. */
void        test_pages_set_down       (TestPages   *pages,
                                       gboolean     down);

/* Requests for @path so far. */
guint       test_pages_hits           (TestPages   *pages,
                                       const char  *path);

/* Bytes the endless and trickling pages have handed to their connections,
 * and how many of their responses have ended (the client went away). */
guint64     test_pages_streamed       (TestPages   *pages);
guint       test_pages_streams_ended  (TestPages   *pages);

/* The labelled text of /page/ok and /page/ok-ar (the fixture's
 * .expected.txt: the title, a blank line, the paragraphs). */
char       *test_pages_expected       (const char  *page);

/* The story the feed gives each page, in the feed's order (1-based ids in
 * a new database subscribed to it alone), and its summary. */
extern const char * const test_pages_story_pages[];
extern const guint test_pages_n_stories;
char       *test_pages_summary        (const char  *page);

G_END_DECLS
