/* SPDX-License-Identifier: GPL-3.0-or-later */

/* A story whose feed gives no date it could read is dated when Dossier
 * first saw it, and the story view says so: "first seen …" on the date
 * line, and why in its tooltip (the feed's unreadable date, or none). A
 * dated story says nothing of the kind. Run in English and in Arabic,
 * with a screenshot of each. */

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "dossier-i18n.h"
#include "dossier-resources.h"
#include "dossier-story-view.h"
#include "test-gui-util.h"

#define T0 G_GINT64_CONSTANT (1752571800)   /* 2025-07-15T09:30:00Z */

static void
iterate (int times)
{
  for (int i = 0; i < times; i++)
    while (g_main_context_iteration (NULL, FALSE))
      ;
}

/* The label of @root whose text contains @needle, or NULL. */
static GtkLabel *
find_label (GtkWidget  *root,
            const char *needle)
{
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_text (GTK_LABEL (root)), needle) != NULL)
    return GTK_LABEL (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label (child, needle);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static DossierArticle *
article (gint64      id,
         const char *title,
         gboolean    undated,
         const char *date_text)
{
  DossierArticle *a = g_new0 (DossierArticle, 1);

  a->id = id;
  a->feed_id = 1;
  a->feed_title = g_strdup ("Policy Wire");
  a->title = g_strdup (title);
  a->author = g_strdup ("Layla Hassan");
  a->published = T0;
  a->updated = DOSSIER_DATE_NONE;
  a->undated = undated;
  a->date_text = g_strdup (date_text);
  a->summary = g_strdup ("The US allowed the sale again.\n\nChina's regulator summoned the company.");
  return a;
}

/* What the view writes for the story's date: "%-d %B %Y, %H:%M" in the
 * interface's language. */
static char *
local_date (void)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (T0);

  return g_date_time_format (when, _("%-d %B %Y, %H:%M"));
}

static void
test_first_seen (void)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  DossierStoryView *view = DOSSIER_STORY_VIEW (dossier_story_view_new ());
  g_autofree char *date = local_date ();
  g_autofree char *first_seen = g_strdup_printf (_("first seen %s"), date);
  g_autofree char *why = g_strdup_printf (_("The feed's date, “%s”, could not be read: this is when Dossier first saw the story"),
                                          "the 15th, around noon");
  GtkLabel *meta;

  /* In Arabic the words are the catalogue's, not English. */
  if (g_str_has_prefix (g_getenv ("LANGUAGE") != NULL ? g_getenv ("LANGUAGE") : "", "ar"))
    g_assert_false (g_str_has_prefix (first_seen, "first seen"));

  gtk_window_set_default_size (window, 700, 500);
  gtk_window_set_child (window, GTK_WIDGET (view));
  gtk_window_present (window);

  dossier_story_view_set_article (view, article (1, "Nvidia resumes H20 sales to China", TRUE,
                                                 "the 15th, around noon"), NULL);
  iterate (10);
  meta = find_label (GTK_WIDGET (view), first_seen);
  g_assert_nonnull (meta);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (meta)), ==, why);
  test_save_screenshot (GTK_WIDGET (window), "story-first-seen");

  /* No date at all: the same line, another reason. */
  dossier_story_view_set_article (view, article (2, "No date in the feed", TRUE, NULL), NULL);
  iterate (10);
  meta = find_label (GTK_WIDGET (view), first_seen);
  g_assert_nonnull (meta);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (meta)), ==,
                   _("The feed gives no date: this is when Dossier first saw the story"));

  /* A dated story: its date, nothing more. */
  dossier_story_view_set_article (view, article (3, "Dated by its feed", FALSE, NULL), NULL);
  iterate (10);
  g_assert_null (find_label (GTK_WIDGET (view), first_seen));
  meta = find_label (GTK_WIDGET (view), date);
  g_assert_nonnull (meta);
  g_assert_null (gtk_widget_get_tooltip_text (GTK_WIDGET (meta)));

  gtk_window_destroy (window);
  iterate (5);
}

int
main (int argc, char **argv)
{
  g_autoptr(GtkCssProvider) provider = NULL;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* A run in another language names its locale in LC_ALL. */
  if (g_getenv ("LC_ALL") != NULL)
    setlocale (LC_ALL, "");
  dossier_i18n_init ();
  g_assert_nonnull (dossier_get_resource ());
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/io/github/dossierapp/Dossier/dossier.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_test_add_func ("/story-date/first-seen", test_first_seen);
  return g_test_run ();
}
