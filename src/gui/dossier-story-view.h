/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dossier-citation.h"
#include "dossier-context.h"
#include "dossier-image-cache.h"
#include "dossier-records.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_STORY_VIEW (dossier_story_view_get_type ())

G_DECLARE_FINAL_TYPE (DossierStoryView, dossier_story_view, DOSSIER, STORY_VIEW, GtkBox)

/* One story: title, feed, author and date, its entities and topics as
 * chips ("tag-activated" with the slug and whether it is a topic when one
 * is clicked), and its text. */
GtkWidget            *dossier_story_view_new         (void);
/* Takes @article; @names maps slugs to display names. */
void                  dossier_story_view_set_article (DossierStoryView *self,
                                                      DossierArticle   *article,
                                                      GHashTable       *names);
const DossierArticle *dossier_story_view_get_article (DossierStoryView *self);
/* The words searched for, marked in the title; NULL for none. */
void                  dossier_story_view_set_search  (DossierStoryView *self,
                                                      const char       *search);
/* The story's picture under its title ("show-images"), off unless turned
 * on: while off, no image is fetched at all. */
void                  dossier_story_view_set_show_images (DossierStoryView *self,
                                                          gboolean          show_images);
gboolean              dossier_story_view_get_show_images (DossierStoryView *self);
/* Where pictures come from; NULL (the default) for
 * dossier_image_cache_get_default (). */
void                  dossier_story_view_set_image_cache (DossierStoryView  *self,
                                                          DossierImageCache *cache);

/* Where the story's body (formatted, the full article) is read from and
 * fetched; without one the view shows the feed's plain text. */
void                  dossier_story_view_set_context (DossierStoryView *self,
                                                      DossierContext   *context);
/* The shown story's citation in @style, in the story's language; NULL
 * without a story. */
char                 *dossier_story_view_get_citation (DossierStoryView     *self,
                                                       DossierCitationStyle  style);
/* Puts it on the clipboard; FALSE without a story. */
gboolean              dossier_story_view_copy_citation (DossierStoryView     *self,
                                                        DossierCitationStyle  style);
/* Scrolls a screen down (@forward) or up; FALSE when already at the end
 * (or the start), where the caller goes on to the next story. */
gboolean              dossier_story_view_page        (DossierStoryView *self,
                                                      gboolean          forward);

G_END_DECLS
