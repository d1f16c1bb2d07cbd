/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The real window under Xvfb, on a temporary database filled from fixture
 * stories: the timeline's rows and order, the entity, topic, feed and
 * search filters, opening a story (which marks it read), a refresh in
 * which half the feeds fail, and screenshots of the main views in the
 * build folder. */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <locale.h>
#include <sqlite3.h>
#include <string.h>

#include "dossier-store.h"
#include "dossier-store-private.h"
#include "dossier-add-feed-dialog.h"
#include "dossier-feed-properties.h"
#include "dossier-glyphs.h"
#include "dossier-headline.h"
#include "dossier-i18n.h"
#include "dossier-resources.h"
#include "dossier-story-item.h"
#include "dossier-timeline-model.h"
#include "dossier-chip-strip.h"
#include "test-window-util.h"
#include "test-gui-util.h"
#include "test-util.h"

#define HOUR 3600
#define DAY  (24 * HOUR)

typedef struct {
  char           *dir;
  char           *db;
  gint64          now;
  gint64          feed_en;
  gint64          feed_ar;
  DossierContext *context;
  DossierWindow  *window;
} Fixture;

static DossierParsedItem *
story (const char *guid,
       const char *title,
       const char *body,
       gint64      published)
{
  DossierParsedItem *it = dossier_parsed_item_new ();

  it->guid = g_strdup (guid);
  it->title = g_strdup (title);
  it->link = g_strdup_printf ("https://news.example/%s", guid);
  it->summary = g_strdup (body);
  it->author = g_strdup ("Staff");
  it->published = published;
  return it;
}

static void
fill (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = dossier_store_open (f->db, &error);
  g_autoptr(DossierParsedFeed) en = dossier_parsed_feed_new ();
  g_autoptr(DossierParsedFeed) ar = dossier_parsed_feed_new ();

  g_assert_no_error (error);
  f->feed_en = dossier_store_add_feed (store, "http://127.0.0.1:9/wire.xml", NULL, NULL, &error);
  f->feed_ar = dossier_store_add_feed (store, "http://127.0.0.1:9/ar.xml", NULL, "عربي", &error);
  g_assert_no_error (error);

  en->format = DOSSIER_FEED_FORMAT_RSS20;
  en->title = g_strdup ("Policy Wire");
  g_ptr_array_add (en->items, story ("e1", "Nvidia resumes H20 sales to China after export licence",
                                     "The Commerce Department granted export licences for the H20 "
                                     "after months of export controls.", f->now - 1 * HOUR));
  g_ptr_array_add (en->items, story ("e2", "Huawei readies Ascend chips for DeepSeek models",
                                     "Huawei said its Ascend processors will run DeepSeek's open-source "
                                     "models.", f->now - 5 * HOUR));
  g_ptr_array_add (en->items, story ("e3", "CAC summons Nvidia over H20 security risks",
                                     "The Cyberspace Administration of China asked about backdoors and "
                                     "location tracking.", f->now - 1 * DAY - 2 * HOUR));
  g_ptr_array_add (en->items, story ("e4", "EU weighs AI Act code of practice",
                                     "The European Commission published a draft code of practice.",
                                     f->now - 3 * DAY));
  ar->format = DOSSIER_FEED_FORMAT_RSS20;
  ar->title = g_strdup ("النشرة التقنية");
  ar->language = g_strdup ("ar");
  g_ptr_array_add (ar->items, story ("a1", "هواوي تطلق رقائق أسند الجديدة لمنافسة إنفيديا",
                                     "قالت هواوي إن رقائق أسند ستتوفر للشركات الصينية.", f->now - 3 * HOUR));
  g_ptr_array_add (ar->items, story ("a2", "ديب سيك تنشر نموذجاً مفتوح المصدر",
                                     "نشرت ديب سيك أوزان النموذج مفتوحة المصدر.", f->now - 1 * DAY - 5 * HOUR));
  g_assert_true (dossier_store_merge_feed (store, f->feed_en, en, f->now, NULL, &error));
  g_assert_true (dossier_store_merge_feed (store, f->feed_ar, ar, f->now, NULL, &error));
  g_assert_no_error (error);
}

/* Runs the main loop until @done says so, for at most 10 s. */
static void
wait_for (gboolean (*done) (Fixture *f),
          Fixture *f)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!done (f))
    {
      if (g_get_monotonic_time () > end)
        g_error ("timed out waiting");
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  /* Let the rows lay out and draw. */
  for (int i = 0; i < 50; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

static gboolean
timeline_ready (Fixture *f)
{
  GListModel *model = test_window_timeline (f->window);

  if (test_window_is_loading (f->window))
    return FALSE;
  /* Every row asked for, and read. */
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DossierStoryItem) item = g_list_model_get_item (model, i);

      if (!dossier_story_item_get_loaded (item))
        return FALSE;
    }
  return TRUE;
}

static gboolean
story_shown (Fixture *f)
{
  return test_window_story (f->window) != NULL;
}

static gboolean
sidebar_filled (Fixture *f)
{
  GtkWidget *sidebar = test_window_sidebar_list (f->window);
  guint rows = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (sidebar); c != NULL; c = gtk_widget_get_next_sibling (c))
    rows++;
  return rows > 3;
}

/* The titles of the timeline, newest first, one a line. */
static char *
titles (Fixture *f)
{
  GListModel *model = test_window_timeline (f->window);
  GString *out = g_string_new (NULL);

  wait_for (timeline_ready, f);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DossierStoryItem) item = g_list_model_get_item (model, i);

      g_string_append_printf (out, "%s\n", dossier_story_item_get_title (item));
    }
  return g_string_free (out, FALSE);
}

static void
screenshot (Fixture    *f,
            const char *name)
{
  test_save_screenshot (GTK_WIDGET (f->window), name);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->dir = test_make_temp_dir ();
  f->db = g_build_filename (f->dir, "dossier.db", NULL);
  f->now = g_get_real_time () / G_USEC_PER_SEC;
  fill (f);

  f->context = dossier_context_new (f->db);
  f->window = dossier_window_new (NULL, f->context);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  wait_for (sidebar_filled, f);
  g_free (titles (f));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->context);
  g_free (f->db);
  g_free (f->dir);
}

/* The window speaks the run's language: test-window-ar finds the Arabic
 * catalogue built in the build folder, and the whole window mirrors. */
static void
test_language (Fixture *f, gconstpointer data)
{
  const char *language = g_getenv ("LANGUAGE");

  if (language != NULL && g_str_has_prefix (language, "ar"))
    {
      g_assert_cmpstr (_("Dossier"), ==, "دوسييه");
      g_assert_cmpstr (_("All Stories"), ==, "كل الأخبار");
      g_assert_cmpint (gtk_widget_get_default_direction (), ==, GTK_TEXT_DIR_RTL);
      g_assert_cmpint (gtk_widget_get_direction (GTK_WIDGET (f->window)), ==, GTK_TEXT_DIR_RTL);
    }
  else
    {
      g_assert_cmpstr (_("Dossier"), ==, "Dossier");
      g_assert_cmpint (gtk_widget_get_default_direction (), ==, GTK_TEXT_DIR_LTR);
    }
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, _("Dossier"));
}

/* Whether a visible label under @widget reads @text. */
static gboolean
shows_label (GtkWidget  *widget,
             const char *text)
{
  if (!gtk_widget_get_visible (widget))
    return FALSE;
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  /* A row's chips are drawn by their strip: the names it shows whole. */
  if (DOSSIER_IS_CHIP_STRIP (widget))
    for (guint i = 0; i < dossier_chip_strip_get_shown (DOSSIER_CHIP_STRIP (widget)); i++)
      if (g_strcmp0 (dossier_chip_strip_get_name (DOSSIER_CHIP_STRIP (widget), i), text) == 0)
        return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_label (child, text))
      return TRUE;
  return FALSE;
}

static void
test_timeline_and_filters (Fixture *f, gconstpointer data)
{
  g_autofree char *all = titles (f);
  g_autofree char *text = NULL;

  /* Newest first, both languages together. */
  g_assert_cmpstr (all, ==,
                   "Nvidia resumes H20 sales to China after export licence\n"
                   "هواوي تطلق رقائق أسند الجديدة لمنافسة إنفيديا\n"
                   "Huawei readies Ascend chips for DeepSeek models\n"
                   "CAC summons Nvidia over H20 security risks\n"
                   "ديب سيك تنشر نموذجاً مفتوح المصدر\n"
                   "EU weighs AI Act code of practice\n");
  /* The rows' chips name the entities in the interface's language, the
   * first rows too, which are made as the window starts. */
  g_assert_true (shows_label (test_window_list_view (f->window),
                              g_str_has_prefix (g_getenv ("LANGUAGE"), "ar") ? "إنفيديا" : "Nvidia"));
  g_assert_false (shows_label (test_window_list_view (f->window), "nvidia"));
  screenshot (f, "timeline");

  /* A company, in English and Arabic stories alike. */
  test_window_choose (f->window, DOSSIER_FILTER_ENTITY, "huawei", 0);
  text = titles (f);
  g_assert_cmpstr (text, ==, "هواوي تطلق رقائق أسند الجديدة لمنافسة إنفيديا\n"
                             "Huawei readies Ascend chips for DeepSeek models\n");
  g_clear_pointer (&text, g_free);
  screenshot (f, "entity");

  test_window_choose (f->window, DOSSIER_FILTER_TOPIC, "open-source-ai", 0);
  text = titles (f);
  g_assert_cmpstr (text, ==, "Huawei readies Ascend chips for DeepSeek models\n"
                             "ديب سيك تنشر نموذجاً مفتوح المصدر\n");
  g_clear_pointer (&text, g_free);

  test_window_choose (f->window, DOSSIER_FILTER_FEED, NULL, f->feed_ar);
  text = titles (f);
  g_assert_cmpstr (text, ==, "هواوي تطلق رقائق أسند الجديدة لمنافسة إنفيديا\n"
                             "ديب سيك تنشر نموذجاً مفتوح المصدر\n");
  g_clear_pointer (&text, g_free);

  /* The Arabic feed sits in a folder, which has its own row. */
  test_window_choose (f->window, DOSSIER_FILTER_FOLDER, "عربي", 0);
  text = titles (f);
  g_assert_cmpstr (text, ==, "هواوي تطلق رقائق أسند الجديدة لمنافسة إنفيديا\n"
                             "ديب سيك تنشر نموذجاً مفتوح المصدر\n");
  g_assert_true (gtk_list_box_get_selected_row (GTK_LIST_BOX (test_window_sidebar_list (f->window))) != NULL);
  g_clear_pointer (&text, g_free);

  /* A search within all stories, then one that finds nothing says so. */
  test_window_choose (f->window, DOSSIER_FILTER_ALL, NULL, 0);
  dossier_window_set_search (f->window, "H20");
  text = titles (f);
  g_assert_cmpstr (text, ==, "Nvidia resumes H20 sales to China after export licence\n"
                             "CAC summons Nvidia over H20 security risks\n");
  g_clear_pointer (&text, g_free);
  screenshot (f, "search");

  dossier_window_set_search (f->window, "quantum");
  text = titles (f);
  g_assert_cmpstr (text, ==, "");
  g_assert_nonnull (test_window_empty_title (f->window));
  g_clear_pointer (&text, g_free);

  dossier_window_set_search (f->window, "");
  test_window_choose (f->window, DOSSIER_FILTER_STARRED, NULL, 0);
  text = titles (f);
  g_assert_cmpstr (text, ==, "");
  g_assert_nonnull (test_window_empty_title (f->window));
}

/* Unread stories in the database, as another program would read them. */
static guint
unread_in_db (Fixture *f)
{
  g_autoptr(DossierStore) store = dossier_store_open (f->db, NULL);
  g_autoptr(GPtrArray) rows = NULL;
  DossierQuery q;
  guint total = G_MAXUINT;

  dossier_query_init (&q);
  q.unread_only = TRUE;
  rows = dossier_store_query (store, &q, &total, NULL);
  return total;
}

static gboolean
first_story_read (Fixture *f)
{
  return unread_in_db (f) == 5;
}

/* The window's leaflet, the first one under @widget. */
static AdwLeaflet *
find_leaflet (GtkWidget *widget)
{
  if (ADW_IS_LEAFLET (widget))
    return ADW_LEAFLET (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwLeaflet *found = find_leaflet (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_open_story (Fixture *f, gconstpointer data)
{
  AdwLeaflet *leaflet;
  const DossierArticle *article;
  g_autoptr(DossierStoryItem) item = NULL;
  gboolean found_h20 = FALSE;

  test_window_select_story (f->window, 0);
  wait_for (story_shown, f);
  article = test_window_story (f->window);
  if (article == NULL)
    g_assert_not_reached ();
  g_assert_cmpstr (article->title, ==, "Nvidia resumes H20 sales to China after export licence");
  for (guint i = 0; article->entities[i] != NULL; i++)
    found_h20 |= g_str_equal (article->entities[i], "nvidia-h20");
  g_assert_true (found_h20);

  /* Read at once in the list, and in the database soon after. */
  item = g_list_model_get_item (test_window_timeline (f->window), 0);
  g_assert_true (dossier_story_item_get_read (item));
  wait_for (first_story_read, f);
  screenshot (f, "story");

  /* The Arabic story, laid out right to left. */
  test_window_select_story (f->window, 1);
  wait_for (story_shown, f);
  for (int i = 0; i < 100 && !g_str_has_prefix ((article = test_window_story (f->window)) != NULL ? article->title : "",
                                                "هواوي"); i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
  article = test_window_story (f->window);
  if (article == NULL)
    g_assert_not_reached ();
  g_assert_true (g_str_has_prefix (article->title, "هواوي"));
  screenshot (f, "story-arabic");

  /* A narrow window shows one pane; back from the story, the timeline,
   * its titles wrapped to the narrow width. */
  gtk_window_set_default_size (GTK_WINDOW (f->window), 400, 760);
  wait_for (story_shown, f);
  screenshot (f, "narrow");
  leaflet = find_leaflet (GTK_WIDGET (f->window));
  g_assert_nonnull (leaflet);
  g_assert_true (adw_leaflet_get_folded (leaflet));
  g_assert_true (adw_leaflet_navigate (leaflet, ADW_NAVIGATION_DIRECTION_BACK));
  screenshot (f, "narrow-timeline");
}

static gboolean
all_read (Fixture *f)
{
  return unread_in_db (f) == 0;
}

static guint
n_sidebar_rows (GtkListBox *sidebar)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (sidebar, n) != NULL)
    n++;
  return n;
}

/* A row's name and count: the second and last children of its box. */
static const char *
row_name (GtkListBoxRow *row)
{
  GtkWidget *icon = gtk_widget_get_first_child (gtk_list_box_row_get_child (row));

  return gtk_label_get_text (GTK_LABEL (gtk_widget_get_next_sibling (icon)));
}

static const char *
row_count (GtkListBoxRow *row)
{
  return gtk_label_get_text (GTK_LABEL (gtk_widget_get_last_child (gtk_list_box_row_get_child (row))));
}

/* The rows under the feeds' heading, as the store lists the feeds. */
static void
assert_feed_rows (GtkListBox *sidebar,
                  GPtrArray  *feeds)
{
  g_autoptr(GPtrArray) expected = g_ptr_array_new ();
  guint n = n_sidebar_rows (sidebar);

  for (guint i = 0; i < feeds->len; i++)
    {
      DossierFeedInfo *feed = g_ptr_array_index (feeds, i);
      DossierFeedInfo *previous = i > 0 ? g_ptr_array_index (feeds, i - 1) : NULL;

      if (feed->folder != NULL && (previous == NULL || g_strcmp0 (previous->folder, feed->folder) != 0))
        g_ptr_array_add (expected, feed->folder);
      g_ptr_array_add (expected, feed->title != NULL ? feed->title : feed->url);
    }
  g_assert_cmpuint (n, >, expected->len);
  for (guint i = 0; i < expected->len; i++)
    g_assert_cmpstr (row_name (gtk_list_box_get_row_at_index (sidebar, n - expected->len + i)), ==,
                     g_ptr_array_index (expected, i));
}

#define N_MANY_FEEDS 60

/* Many new feeds reach the sidebar a few rows a frame, in order; the rows
 * already there are kept, with the selection; gone feeds' rows go. */
static void
test_sidebar_many_feeds (Fixture *f, gconstpointer data)
{
  GtkListBox *sidebar = GTK_LIST_BOX (test_window_sidebar_list (f->window));
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = dossier_store_open (f->db, &error);
  g_autoptr(GPtrArray) feeds = NULL;
  g_autoptr(GArray) added = g_array_new (FALSE, FALSE, sizeof (gint64));
  GtkListBoxRow *selected;
  guint before, n;
  gint64 end;

  g_assert_no_error (error);
  test_window_choose (f->window, DOSSIER_FILTER_FEED, NULL, f->feed_en);
  g_free (titles (f));
  selected = gtk_list_box_get_selected_row (sidebar);
  g_assert_nonnull (selected);
  g_assert_cmpstr (row_name (selected), ==, "Policy Wire");
  g_assert_cmpstr (row_count (selected), ==, "4");
  g_object_add_weak_pointer (G_OBJECT (selected), (gpointer *) &selected);
  before = n_sidebar_rows (sidebar);

  for (int i = 0; i < N_MANY_FEEDS; i++)
    {
      g_autofree char *url = g_strdup_printf ("http://127.0.0.1:9/wire%02d.xml", i);
      gint64 id = dossier_store_add_feed (store, url, NULL, NULL, &error);

      g_assert_no_error (error);
      g_array_append_val (added, id);
    }
  dossier_window_reload (f->window);

  /* The first rows come before the last are made. */
  end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while ((n = n_sidebar_rows (sidebar)) == before && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (n, >, before);
  g_assert_cmpuint (n, <, before + N_MANY_FEEDS);
  while (n_sidebar_rows (sidebar) < before + N_MANY_FEEDS && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (n_sidebar_rows (sidebar), ==, before + N_MANY_FEEDS);

  feeds = dossier_store_list_feeds (store, &error);
  g_assert_no_error (error);
  assert_feed_rows (sidebar, feeds);
  g_assert_true (selected != NULL && gtk_list_box_get_selected_row (sidebar) == selected);
  g_assert_cmpstr (row_count (selected), ==, "4");

  /* And back. */
  for (guint i = 0; i < added->len; i++)
    {
      dossier_store_remove_feed (store, g_array_index (added, gint64, i), &error);
      g_assert_no_error (error);
    }
  dossier_window_reload (f->window);
  while (n_sidebar_rows (sidebar) > before && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (n_sidebar_rows (sidebar), ==, before);
  g_clear_pointer (&feeds, g_ptr_array_unref);
  feeds = dossier_store_list_feeds (store, &error);
  g_assert_no_error (error);
  assert_feed_rows (sidebar, feeds);
  g_assert_true (selected != NULL && gtk_list_box_get_selected_row (sidebar) == selected);
  g_object_remove_weak_pointer (G_OBJECT (selected), (gpointer *) &selected);
}

/* Mark all as read, for the stories the timeline shows. */
static void
test_mark_all_read (Fixture *f, gconstpointer data)
{
  g_autoptr(DossierStoryItem) item = NULL;
  g_autoptr(GtkBuilder) builder = NULL;

  GtkListBox *sidebar = GTK_LIST_BOX (test_window_sidebar_list (f->window));
  GtkWidget *feed_row = GTK_WIDGET (gtk_list_box_get_row_at_index (sidebar, 4));

  g_assert_false (all_read (f));
  g_object_add_weak_pointer (G_OBJECT (feed_row), (gpointer *) &feed_row);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.mark-all-read", NULL);
  item = g_list_model_get_item (test_window_timeline (f->window), 5);
  g_assert_true (dossier_story_item_get_read (item));
  wait_for (all_read, f);
  /* The sidebar is read again: the same rows, with new counts. */
  wait_for (sidebar_filled, f);
  g_assert_true (feed_row != NULL && GTK_WIDGET (gtk_list_box_get_row_at_index (sidebar, 4)) == feed_row);
  g_object_remove_weak_pointer (G_OBJECT (feed_row), (gpointer *) &feed_row);

  /* The shortcuts window the application offers builds from its file. */
  builder = gtk_builder_new_from_resource ("/io/github/dossierapp/Dossier/gtk/help-overlay.ui");
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay")));
  gtk_window_destroy (GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay")));
}

/* New stories arrive at the top without taking the selection away. */
static void
test_new_stories_keep_selection (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(DossierParsedFeed) en = dossier_parsed_feed_new ();
  g_autofree char *text = NULL;
  gint64 selected;

  test_window_select_story (f->window, 2);
  wait_for (story_shown, f);
  selected = test_window_selected_id (f->window);
  g_assert_cmpint (selected, >, 0);

  store = dossier_store_open (f->db, &error);
  g_assert_no_error (error);
  en->format = DOSSIER_FEED_FORMAT_RSS20;
  en->title = g_strdup ("Policy Wire");
  g_ptr_array_add (en->items, story ("e9", "Breaking: SMIC reports record revenue", "SMIC said so.", f->now - 60));
  g_assert_true (dossier_store_merge_feed (store, f->feed_en, en, f->now, NULL, &error));
  g_assert_no_error (error);

  dossier_window_reload (f->window);
  text = titles (f);
  g_assert_true (g_str_has_prefix (text, "Breaking: SMIC reports record revenue\n"));
  g_assert_cmpint (test_window_selected_id (f->window), ==, selected);
  g_assert_nonnull (test_window_story (f->window));
  g_clear_pointer (&text, g_free);

  /* A story dated in the middle of the list, one above the selection and
   * one below it, and one story gone: the selection stays on its story. */
  g_ptr_array_set_size (en->items, 0);
  g_ptr_array_add (en->items, story ("e10", "Late: TSMC delays Arizona fab", "TSMC said so.", f->now - 2 * HOUR));
  g_ptr_array_add (en->items, story ("e11", "Late: ASML ships to China", "ASML said so.", f->now - 2 * DAY));
  g_assert_true (dossier_store_merge_feed (store, f->feed_en, en, f->now, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (dossier_store_get_db (store), "DELETE FROM articles WHERE guid = 'e4'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  dossier_window_reload (f->window);
  text = titles (f);
  g_assert_cmpstr (text, ==,
                   "Breaking: SMIC reports record revenue\n"
                   "Nvidia resumes H20 sales to China after export licence\n"
                   "Late: TSMC delays Arizona fab\n"
                   "هواوي تطلق رقائق أسند الجديدة لمنافسة إنفيديا\n"
                   "Huawei readies Ascend chips for DeepSeek models\n"
                   "CAC summons Nvidia over H20 security risks\n"
                   "ديب سيك تنشر نموذجاً مفتوح المصدر\n"
                   "Late: ASML ships to China\n");
  g_assert_cmpint (test_window_selected_id (f->window), ==, selected);
  g_assert_nonnull (test_window_story (f->window));
}

/* ---- A refresh in which half the feeds fail ----------------------------- */

static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           data)
{
  int n;

  if (g_str_equal (path, "/site.html") || g_str_equal (path, "/plain.html"))
    {
      const char *doc = g_str_equal (path, "/site.html")
        ? "<html><head><title>Chip Watch</title>"
          "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"/site/feed.xml\">"
          "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/site/comments.xml\">"
          "</head><body>News</body></html>"
        : "<html><head><title>No feed here</title></head><body>Hello</body></html>";

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, doc, strlen (doc));
      return;
    }
  if (g_str_equal (path, "/site/feed.xml"))
    {
      const char *doc =
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Chip Watch</title>"
        "<item><guid>cw1</guid><title>Nvidia wins approval for H20 shipments</title>"
        "<pubDate>Mon, 14 Jul 2025 09:00:00 GMT</pubDate></item>"
        "<item><guid>cw2</guid><title>Huawei shows a new Ascend cluster</title>"
        "<pubDate>Sun, 13 Jul 2025 09:00:00 GMT</pubDate></item>"
        "<item><guid>cw3</guid><title>SMIC expands 7 nm capacity</title>"
        "<pubDate>Sat, 12 Jul 2025 09:00:00 GMT</pubDate></item>"
        "</channel></rss>";

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_STATIC, doc, strlen (doc));
      return;
    }
  if (g_str_equal (path, "/missing.xml"))
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }
  if (sscanf (path, "/ok/%d.xml", &n) == 1)
    {
      g_autofree char *doc = g_strdup_printf (
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire %d</title>"
        "<item><guid>ok%d</guid><title>Nvidia story %d</title><pubDate>%s</pubDate></item>"
        "</channel></rss>", n, n, n, "Mon, 14 Jul 2025 09:00:00 GMT");

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_COPY, doc, strlen (doc));
      return;
    }
  soup_server_message_set_status (msg, 500, NULL);
}

typedef struct {
  Fixture  *f;
  gboolean  seen;
} ProgressCheck;

/* After the window's own handler: the count of feeds done is shown as
 * each ends (a check of the label between turns of the loop may come
 * only after the last one, when it is gone). */
static void
on_refresh_progress (DossierContext *context,
                     guint           done,
                     guint           total,
                     ProgressCheck  *check)
{
  const char *progress = test_window_refresh_progress (check->f->window);

  /* The run's start (none done) shows no count yet. */
  if (done == 0)
    return;
  g_assert_true (g_str_has_suffix (progress, "/8"));
  check->seen = TRUE;
}

static void
test_refresh_half_fails (Fixture *f, gconstpointer data)
{
  TestServer *server = test_server_start (handle, NULL);
  g_autoptr(DossierStore) store = dossier_store_open (f->db, NULL);
  g_autofree char *text = NULL;
  g_autofree char *told = NULL;
  ProgressCheck check = { f, FALSE };
  gulong handler;

  for (int i = 0; i < 6; i++)
    {
      g_autofree char *url = g_strdup_printf ("%s/%s/%d.xml", test_server_url (server),
                                              i % 2 ? "bad" : "ok", i);

      g_assert_cmpint (dossier_store_add_feed (store, url, NULL, NULL, NULL), >, 0);
    }
  g_clear_pointer (&store, dossier_store_close);

  /* The count of feeds done is shown as they end: six plus the two
   * fixture feeds. */
  handler = g_signal_connect_after (f->context, "refresh-progress", G_CALLBACK (on_refresh_progress), &check);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.refresh-all", NULL);
  g_assert_true (test_window_is_refreshing (f->window));
  while (test_window_is_refreshing (f->window))
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_signal_handler_disconnect (f->context, handler);
  g_assert_true (check.seen);
  /* The three good feeds' stories are listed; the window is still here. */
  test_window_choose (f->window, DOSSIER_FILTER_ENTITY, "nvidia", 0);
  text = titles (f);
  g_assert_nonnull (strstr (text, "Nvidia story 0\n"));
  g_assert_nonnull (strstr (text, "Nvidia story 2\n"));
  g_assert_nonnull (strstr (text, "Nvidia story 4\n"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->window)));
  /* The failures are told, in words: the three broken feeds and the two
   * fixture feeds, whose port on 127.0.0.1 is closed. */
  g_assert_nonnull (test_window_last_error (f->window));
  /* In the interface's language: test-window-ar runs this in Arabic. */
  told = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u feed could not be refreshed",
                                       "%u feeds could not be refreshed", 5), 5);
  g_assert_nonnull (strstr (test_window_last_error (f->window), told));
  g_assert_nonnull (strstr (test_window_last_error (f->window), "500"));
  screenshot (f, "refresh-failures");
  test_server_stop (server);
}

/* ---- Feed management ---------------------------------------------------- */

static DossierAddFeedDialog *dialog_under_test;

/* The open window of @type, as a user would find it on screen. */
static gpointer
find_toplevel (GType type)
{
  GList *toplevels = gtk_window_list_toplevels ();
  gpointer found = NULL;

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      found = l->data;
  g_list_free (toplevels);
  return found;
}

static gboolean
dialog_idle (Fixture *f)
{
  return !dossier_add_feed_dialog_is_busy (dialog_under_test);
}

static gint64 feed_under_test;

static gboolean
new_feed_shown (Fixture *f)
{
  return test_window_filter_feed (f->window) == feed_under_test && timeline_ready (f) &&
         g_list_model_get_n_items (test_window_timeline (f->window)) == 3;
}

static void
on_subscribed (DossierAddFeedDialog *dialog,
               gint64                feed_id,
               gpointer              user_data)
{
  feed_under_test = feed_id;
}

/* The dialog explains failures in plain words, finds a page's feed, shows
 * it, and subscribes; the window then shows the new feed. */
static void
test_add_feed (Fixture *f, gconstpointer data)
{
  TestServer *server = test_server_start (handle, NULL);
  g_autofree char *plain = g_strdup_printf ("%s/plain.html", test_server_url (server));
  g_autofree char *missing = g_strdup_printf ("%s/missing.xml", test_server_url (server));
  g_autofree char *site = g_strdup_printf ("%s/site.html", test_server_url (server));
  g_autofree char *feed_url = g_strdup_printf ("%s/site/feed.xml", test_server_url (server));
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(DossierFeedInfo) info = NULL;
  g_autofree char *text = NULL;
  DossierAddFeedDialog *dialog;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.add-feed", NULL);
  dialog = find_toplevel (DOSSIER_TYPE_ADD_FEED_DIALOG);
  g_assert_true (DOSSIER_IS_ADD_FEED_DIALOG (dialog));
  dialog_under_test = dialog;
  g_signal_connect (dialog, "subscribed", G_CALLBACK (on_subscribed), NULL);

  /* Not an address at all, a scheme Dossier does not fetch, a page with
   * no feed, a missing document: each says so, and nothing is offered. */
  dossier_add_feed_dialog_look_up (dialog, "not an address");
  g_assert_nonnull (dossier_add_feed_dialog_get_error (dialog));
  dossier_add_feed_dialog_look_up (dialog, "file:///etc/passwd");
  g_assert_nonnull (strstr (dossier_add_feed_dialog_get_error (dialog), "http"));
  dossier_add_feed_dialog_look_up (dialog, plain);
  wait_for (dialog_idle, f);
  g_assert_nonnull (strstr (dossier_add_feed_dialog_get_error (dialog), "/feed"));
  g_assert_null (dossier_add_feed_dialog_get_feed_title (dialog));
  dossier_add_feed_dialog_look_up (dialog, missing);
  wait_for (dialog_idle, f);
  g_assert_nonnull (dossier_add_feed_dialog_get_error (dialog));
  g_assert_null (dossier_add_feed_dialog_get_feed_title (dialog));

  /* A web page: its first feed is found and previewed. */
  dossier_add_feed_dialog_look_up (dialog, site);
  wait_for (dialog_idle, f);
  g_assert_null (dossier_add_feed_dialog_get_error (dialog));
  g_assert_cmpstr (dossier_add_feed_dialog_get_feed_title (dialog), ==, "Chip Watch");
  g_assert_cmpuint (dossier_add_feed_dialog_get_n_previewed (dialog), ==, 3);
  test_save_screenshot (GTK_WIDGET (dialog), "add-feed");

  dossier_add_feed_dialog_subscribe (dialog);
  wait_for (new_feed_shown, f);
  text = titles (f);
  g_assert_cmpstr (text, ==, "Nvidia wins approval for H20 shipments\n"
                             "Huawei shows a new Ascend cluster\n"
                             "SMIC expands 7 nm capacity\n");

  /* In the database, at the feed's own address. */
  store = dossier_store_open (f->db, NULL);
  info = dossier_store_get_feed (store, feed_under_test, NULL);
  g_assert_nonnull (info);
  g_assert_cmpstr (info->url, ==, feed_url);
  g_assert_cmpuint (info->article_count, ==, 3);

  /* Following it twice is refused, in words. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.add-feed", NULL);
  dialog = find_toplevel (DOSSIER_TYPE_ADD_FEED_DIALOG);
  g_assert_nonnull (dialog);
  dialog_under_test = dialog;
  dossier_add_feed_dialog_look_up (dialog, feed_url);
  wait_for (dialog_idle, f);
  g_assert_nonnull (dossier_add_feed_dialog_get_error (dialog));
  g_assert_null (dossier_add_feed_dialog_get_feed_title (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
  test_server_stop (server);
}

static DossierFeedProperties *properties_under_test;

static gboolean
properties_ready (Fixture *f)
{
  return dossier_feed_properties_is_ready (properties_under_test);
}

static gboolean
feed_renamed (Fixture *f)
{
  g_autoptr(DossierStore) store = dossier_store_open (f->db, NULL);
  g_autoptr(DossierFeedInfo) info = dossier_store_get_feed (store, f->feed_en, NULL);

  return info != NULL && g_strcmp0 (info->title, "Wire") == 0;
}

static gboolean
feed_gone (Fixture *f)
{
  g_autoptr(DossierStore) store = dossier_store_open (f->db, NULL);

  return dossier_store_find_feed (store, "http://127.0.0.1:9/wire.xml") == 0 &&
         test_window_filter_feed (f->window) == 0;
}

static DossierFeedProperties *
open_properties (Fixture *f)
{
  DossierFeedProperties *properties;

  test_window_choose (f->window, DOSSIER_FILTER_FEED, NULL, f->feed_en);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.feed-properties", NULL);
  properties = find_toplevel (DOSSIER_TYPE_FEED_PROPERTIES);
  g_assert_nonnull (properties);
  properties_under_test = properties;
  wait_for (properties_ready, f);
  return properties;
}

/* Feed properties save to the database; unsubscribing removes the feed
 * and its stories from the window. */
static GtkWidget *
find_destructive_button (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_has_css_class (widget, "destructive-action"))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_destructive_button (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* @widget is drawn whole inside @window, not cut off by its edge. */
static void
assert_inside_window (GtkWidget *widget,
                      GtkWidget *window)
{
  graphene_rect_t bounds;

  g_assert_nonnull (widget);
  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_true (gtk_widget_compute_bounds (widget, window, &bounds));
  g_assert_cmpfloat (bounds.origin.y, >=, 0);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (window));
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (window));
}

static void
test_feed_properties (Fixture *f, gconstpointer data)
{
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(DossierFeedInfo) info = NULL;
  g_autofree char *text = NULL;
  DossierFeedProperties *properties;
  GtkWidget *insecure_row;
  GtkSwitch *insecure_switch;

  /* An https feed offers to follow a move to http; off until the user
   * turns it on. */
  store = dossier_store_open (f->db, NULL);
  g_assert_true (dossier_store_set_feed_url (store, f->feed_en, "https://127.0.0.1:9/wire.xml", NULL));
  g_clear_pointer (&store, dossier_store_close);
  properties = open_properties (f);
  insecure_row = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (properties), DOSSIER_TYPE_FEED_PROPERTIES,
                                                            "insecure_row"));
  insecure_switch = GTK_SWITCH (gtk_widget_get_template_child (GTK_WIDGET (properties), DOSSIER_TYPE_FEED_PROPERTIES,
                                                             "insecure_switch"));
  g_assert_true (gtk_widget_get_visible (insecure_row));
  g_assert_true (gtk_widget_get_sensitive (insecure_row));
  g_assert_false (gtk_switch_get_active (insecure_switch));
  /* Its row turns the switch on, as a click on it would. */
  adw_action_row_activate (ADW_ACTION_ROW (insecure_row));
  g_assert_true (gtk_switch_get_active (insecure_switch));

  test_save_screenshot (GTK_WIDGET (properties), "feed-properties");
  /* Every control, Unsubscribe the last, is in the window as it opens. */
  assert_inside_window (find_destructive_button (GTK_WIDGET (properties)), GTK_WIDGET (properties));
  /* The fourth interval choice is an hour. */
  dossier_feed_properties_edit (properties, "Wire", "Policy/Daily", 3);
  wait_for (feed_renamed, f);
  store = dossier_store_open (f->db, NULL);
  info = dossier_store_get_feed (store, f->feed_en, NULL);
  g_assert_cmpstr (info->folder, ==, "Policy/Daily");
  g_assert_cmpint (info->interval_minutes, ==, 60);
  g_assert_true (info->allow_insecure);
  g_clear_pointer (&store, dossier_store_close);

  properties = open_properties (f);
  dossier_feed_properties_unsubscribe (properties);
  wait_for (feed_gone, f);
  text = titles (f);
  g_assert_cmpstr (text, ==, "هواوي تطلق رقائق أسند الجديدة لمنافسة إنفيديا\n"
                             "ديب سيك تنشر نموذجاً مفتوح المصدر\n");
}

static gboolean
error_shown (Fixture *f)
{
  return test_window_last_error (f->window) != NULL;
}

static guint
n_feeds_in_db (Fixture *f)
{
  g_autoptr(DossierStore) store = dossier_store_open (f->db, NULL);
  g_autoptr(GPtrArray) feeds = dossier_store_list_feeds (store, NULL);

  return feeds->len;
}

static gboolean
feeds_imported (Fixture *f)
{
  return n_feeds_in_db (f) == 4 && !test_window_is_refreshing (f->window);
}

static gboolean
import_told (Fixture *f)
{
  const char *told = test_window_last_error (f->window);
  g_autofree char *imported = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u feed",
                                                            "Imported %u feeds", 2), 2);
  g_autofree char *skipped = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u entry was skipped",
                                                           "%u entries were skipped", 1), 1);

  return told != NULL && strstr (told, imported) != NULL && strstr (told, skipped) != NULL;
}

static gboolean
zero_refused (Fixture *f)
{
  const char *error = test_window_last_error (f->window);

  return error != NULL && strstr (error, "/dev/zero") != NULL && strstr (error, "64") != NULL;
}

static char *export_path;

static gboolean
exported (Fixture *f)
{
  return g_file_test (export_path, G_FILE_TEST_EXISTS);
}

/* OPML in and out through the window: a broken file is told and changes
 * nothing; a good one subscribes; the export lists every feed. */
static void
test_opml (Fixture *f, gconstpointer data)
{
  g_autofree char *bad_path = g_build_filename (f->dir, "broken.opml", NULL);
  g_autofree char *good_path = g_build_filename (f->dir, "list.opml", NULL);
  g_autoptr(GFile) bad = g_file_new_for_path (bad_path);
  g_autoptr(GFile) good = g_file_new_for_path (good_path);
  g_autoptr(GFile) out = NULL;
  g_autofree char *written = NULL;

  g_assert_true (g_file_set_contents (bad_path, "<opml><body><outline", -1, NULL));
  g_assert_true (g_file_set_contents (good_path,
    "<?xml version=\"1.0\"?><opml version=\"2.0\"><head><title>Mine</title></head><body>"
    "<outline text=\"China\"><outline text=\"Wire A\" type=\"rss\" xmlUrl=\"http://127.0.0.1:9/a.xml\"/></outline>"
    "<outline text=\"Wire B\" type=\"rss\" xmlUrl=\"http://127.0.0.1:9/b.xml\"/>"
    "<outline text=\"Policy Wire\" type=\"rss\" xmlUrl=\"http://127.0.0.1:9/wire.xml\"/>"
    "<outline text=\"No address\" type=\"rss\"/>"
    "</body></opml>", -1, NULL));

  dossier_window_import_opml (f->window, bad);
  wait_for (error_shown, f);
  g_assert_true (g_str_has_prefix (test_window_last_error (f->window),
                                   _("The subscriptions could not be imported")));
  g_assert_cmpuint (n_feeds_in_db (f), ==, 2);

  /* A file that never ends is refused past its limit, not read until
   * memory runs out. */
  {
    g_autoptr(GFile) zero = g_file_new_for_path ("/dev/zero");

    dossier_window_import_opml (f->window, zero);
    wait_for (zero_refused, f);
    g_assert_true (g_str_has_prefix (test_window_last_error (f->window), _("The file could not be read")));
    g_assert_cmpuint (n_feeds_in_db (f), ==, 2);
  }

  /* Two new, one known, one outline without an address skipped; the
   * refresh of the new feeds then fails, and tells that too. */
  dossier_window_import_opml (f->window, good);
  wait_for (import_told, f);
  wait_for (feeds_imported, f);

  export_path = g_build_filename (f->dir, "out.opml", NULL);
  out = g_file_new_for_path (export_path);
  dossier_window_export_opml (f->window, out);
  wait_for (exported, f);
  g_assert_true (g_file_get_contents (export_path, &written, NULL, NULL));
  g_assert_nonnull (strstr (written, "http://127.0.0.1:9/a.xml"));
  g_assert_nonnull (strstr (written, "http://127.0.0.1:9/ar.xml"));
  g_assert_nonnull (strstr (written, "text=\"China\""));
  g_clear_pointer (&export_path, g_free);
}

/* The file chooser the window opens, outside a sandbox GTK's own dialog:
 * the one on screen, once it is there. */
static GtkFileChooser *
find_chooser (void)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < end)
    {
      g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

      for (GList *l = toplevels; l != NULL; l = l->next)
        if (GTK_IS_FILE_CHOOSER (l->data) && gtk_widget_get_visible (l->data))
          return l->data;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_error ("no file chooser came");
  return NULL;
}

static gboolean
chooser_gone (Fixture *f)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (GTK_IS_FILE_CHOOSER (l->data) && gtk_widget_get_visible (l->data))
      return FALSE;
  return TRUE;
}

G_GNUC_BEGIN_IGNORE_DEPRECATIONS

/* The choosers the window opens: their titles, the names they offer,
 * and that a cancelled one does nothing. (Its own file chooser dialog
 * holds an accepted answer back under Xvfb, so the exports themselves
 * are tested through dossier_window_export_opml () and the context.) */
static void
test_file_chooser (Fixture *f, gconstpointer data)
{
  g_autoptr(GFile) dir = g_file_new_for_path (f->dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *offered = NULL;
  g_autofree char *csv = g_build_filename (f->dir, "stories.csv", NULL);
  GtkFileChooser *chooser;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.export-opml", NULL);
  chooser = find_chooser ();
  g_assert_cmpint (gtk_file_chooser_get_action (chooser), ==, GTK_FILE_CHOOSER_ACTION_SAVE);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (chooser)), ==, _("Export Subscriptions"));
  offered = gtk_file_chooser_get_current_name (chooser);
  g_assert_cmpstr (offered, ==, _("Dossier subscriptions.opml"));
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
  wait_for (chooser_gone, f);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.import-opml", NULL);
  chooser = find_chooser ();
  g_assert_cmpint (gtk_file_chooser_get_action (chooser), ==, GTK_FILE_CHOOSER_ACTION_OPEN);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (chooser)), ==, _("Import Subscriptions"));
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
  wait_for (chooser_gone, f);

  /* The stories' export offers the filter's name, a slash in it made a
   * dash; cancelled, it writes nothing. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.export-stories", "s", "csv");
  chooser = find_chooser ();
  g_clear_pointer (&offered, g_free);
  offered = gtk_file_chooser_get_current_name (chooser);
  g_assert_true (g_str_has_suffix (offered, ".csv"));
  g_assert_null (strchr (offered, '/'));
  g_assert_true (gtk_file_chooser_set_current_folder (chooser, dir, &error));
  g_assert_no_error (error);
  gtk_file_chooser_set_current_name (chooser, "stories.csv");
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
  wait_for (chooser_gone, f);
  g_assert_false (g_file_test (csv, G_FILE_TEST_EXISTS));
  g_assert_null (test_window_last_error (f->window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->window)));
}

G_GNUC_END_IGNORE_DEPRECATIONS

/* An entity and a topic, unread only and a date range, combined; each
 * chip removes its own part. */
static void
test_combined_filters (Fixture *f, gconstpointer data)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) chips = NULL;

  test_window_choose (f->window, DOSSIER_FILTER_ENTITY, "nvidia", 0);
  text = titles (f);
  g_assert_cmpstr (text, ==, "Nvidia resumes H20 sales to China after export licence\n"
                             "هواوي تطلق رقائق أسند الجديدة لمنافسة إنفيديا\n"
                             "CAC summons Nvidia over H20 security risks\n");
  g_clear_pointer (&text, g_free);

  test_window_add_tag_filter (f->window, "export-controls", TRUE);
  text = titles (f);
  g_assert_cmpstr (text, ==, "Nvidia resumes H20 sales to China after export licence\n");
  g_clear_pointer (&text, g_free);
  chips = test_window_filter_chips (f->window);
  g_assert_cmpuint (g_strv_length (chips), ==, 2);
  g_clear_pointer (&chips, g_strfreev);

  /* Without the topic, within the past day, unread only. */
  test_window_choose (f->window, DOSSIER_FILTER_ENTITY, "nvidia", 0);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.period", "s", "day");
  text = titles (f);
  g_assert_cmpstr (text, ==, "Nvidia resumes H20 sales to China after export licence\n"
                             "هواوي تطلق رقائق أسند الجديدة لمنافسة إنفيديا\n");
  g_clear_pointer (&text, g_free);

  test_window_select_story (f->window, 0);
  wait_for (first_story_read, f);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.unread-only", NULL);
  text = titles (f);
  g_assert_cmpstr (text, ==, "هواوي تطلق رقائق أسند الجديدة لمنافسة إنفيديا\n");
  g_clear_pointer (&text, g_free);
  chips = test_window_filter_chips (f->window);
  g_assert_cmpuint (g_strv_length (chips), ==, 3);
  g_clear_pointer (&chips, g_strfreev);
  screenshot (f, "filters");

  /* Choosing another entity keeps the view's own filters: the CAC story
   * is older than a day. */
  test_window_choose (f->window, DOSSIER_FILTER_ENTITY, "deepseek", 0);
  text = titles (f);
  g_assert_cmpstr (text, ==, "Huawei readies Ascend chips for DeepSeek models\n");
  g_clear_pointer (&text, g_free);
  test_window_choose (f->window, DOSSIER_FILTER_ENTITY, "cac", 0);
  text = titles (f);
  g_assert_cmpstr (text, ==, "");
  g_assert_nonnull (test_window_empty_title (f->window));
  g_clear_pointer (&text, g_free);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.clear-filter", NULL);
  text = titles (f);
  chips = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (chips) - 1, ==, 6);
  g_clear_pointer (&chips, g_strfreev);
  chips = test_window_filter_chips (f->window);
  g_assert_cmpuint (g_strv_length (chips), ==, 0);
}

static gboolean
refreshed (Fixture *f)
{
  return !test_window_is_refreshing (f->window);
}

/* The window follows the settings: density, the retention a refresh
 * applies, and the size it comes back with. */
static void
test_settings (Fixture *f, gconstpointer data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.dossierapp.Dossier");
  g_autofree char *text = NULL;
  gboolean stop = FALSE;
  int width, height;

  g_settings_set_uint (settings, "retention-days", 2);
  g_settings_set_enum (settings, "density", 1);
  g_settings_set_int (settings, "window-width", 1100);
  g_settings_set_int (settings, "window-height", 700);
  dossier_window_set_settings (f->window, settings);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (f->window), "dossier-compact"));
  gtk_window_get_default_size (GTK_WINDOW (f->window), &width, &height);
  g_assert_cmpint (width, ==, 1100);
  screenshot (f, "compact");
  g_settings_set_enum (settings, "density", 0);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (f->window), "dossier-compact"));

  /* The three-day-old story goes; the others stay, though their feeds
   * fail (nothing listens on their port). */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.refresh-all", NULL);
  wait_for (refreshed, f);
  text = titles (f);
  g_assert_cmpstr (text, ==,
                   "Nvidia resumes H20 sales to China after export licence\n"
                   "هواوي تطلق رقائق أسند الجديدة لمنافسة إنفيديا\n"
                   "Huawei readies Ascend chips for DeepSeek models\n"
                   "CAC summons Nvidia over H20 security risks\n"
                   "ديب سيك تنشر نموذجاً مفتوح المصدر\n");

  /* Closing keeps the size for next time. */
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 650);
  g_signal_emit_by_name (f->window, "close-request", &stop);
  g_assert_false (stop);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1000);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 650);
  g_settings_reset (settings, "retention-days");
  g_settings_reset (settings, "density");
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

static void
handle_icon (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           data)
{
  GBytes *png = data;

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (png, NULL), g_bytes_get_size (png));
}

/* The icon of the sidebar's row for @feed_id. */
static GtkImage *
feed_icon (Fixture *f,
           gint64   feed_id)
{
  GtkListBox *sidebar = GTK_LIST_BOX (test_window_sidebar_list (f->window));
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (sidebar, i)) != NULL; i++)
    {
      /* row > box > icon */
      GtkWidget *icon = gtk_widget_get_first_child (gtk_list_box_row_get_child (row));
      const char *label = gtk_label_get_text (GTK_LABEL (gtk_widget_get_next_sibling (icon)));

      if (g_strcmp0 (label, feed_id == f->feed_ar ? "النشرة التقنية" : "Policy Wire") == 0)
        return GTK_IMAGE (icon);
    }
  return NULL;
}

static gboolean
icon_loaded (Fixture *f)
{
  GtkImage *icon = feed_icon (f, f->feed_en);

  return icon != NULL && gtk_image_get_storage_type (icon) == GTK_IMAGE_PAINTABLE;
}

static gboolean
icon_fallback (Fixture *f)
{
  GtkImage *icon = feed_icon (f, f->feed_en);

  return icon != NULL && gtk_image_get_storage_type (icon) == GTK_IMAGE_ICON_NAME;
}

/* Counts what reaches it: nothing may. */
static void
handle_canary (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           data)
{
  g_atomic_int_inc ((int *) data);
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_STATIC, "", 0);
}

/* With Show Images on, a feed's row shows the feed's own icon, fetched
 * once; turned off, the rows go back to the symbol. An icon that points
 * at another service of this computer is never asked for. */
static void
test_feed_icons (Fixture *f, gconstpointer data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.dossierapp.Dossier");
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "images", "dot.png", NULL);
  g_autoptr(GMappedFile) file = g_mapped_file_new (path, FALSE, NULL);
  g_autoptr(GBytes) png = g_mapped_file_get_bytes (file);
  TestServer *server = test_server_start (handle_icon, png);
  int canary_hits = 0;
  TestServer *canary = test_server_start (handle_canary, &canary_hits);
  g_autofree char *url = g_strdup_printf ("%s/icon.png", test_server_url (server));
  g_autofree char *feed_url = g_strdup_printf ("%s/feed.xml", test_server_url (server));
  g_autofree char *admin = g_strdup_printf ("%s/admin/icon", test_server_url (canary));
  /* The English feed lives where its icon is; the Arabic one, elsewhere,
   * names the canary's port as its icon. */
  char *sql = sqlite3_mprintf ("UPDATE feeds SET icon_url = %Q, url = %Q WHERE id = %lld;"
                               "UPDATE feeds SET icon_url = %Q WHERE id = %lld",
                               url, feed_url, (long long) f->feed_en, admin, (long long) f->feed_ar);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (f->db, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_free (sql);
  sqlite3_close (db);

  g_settings_set_boolean (settings, "show-images", FALSE);
  dossier_window_set_settings (f->window, settings);
  dossier_window_reload (f->window);
  wait_for (icon_fallback, f);

  g_settings_set_boolean (settings, "show-images", TRUE);
  wait_for (icon_loaded, f);
  g_assert_cmpint (gtk_image_get_storage_type (feed_icon (f, f->feed_ar)), ==, GTK_IMAGE_ICON_NAME);
  for (int i = 0; i < 150; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  g_assert_cmpint (g_atomic_int_get (&canary_hits), ==, 0);
  g_assert_cmpint (gtk_image_get_storage_type (feed_icon (f, f->feed_ar)), ==, GTK_IMAGE_ICON_NAME);

  g_settings_set_boolean (settings, "show-images", FALSE);
  wait_for (icon_fallback, f);
  g_settings_reset (settings, "show-images");
  test_server_stop (canary);
  test_server_stop (server);
}

/* An older database may hold bytes that are not UTF-8: the window shows
 * them as U+FFFD, and Pango never sees them (its warnings are fatal
 * here). */
static void
test_bad_bytes (Fixture *f, gconstpointer data)
{
  const DossierArticle *article;

  {
    g_autoptr(DossierStore) store = dossier_store_open (f->db, NULL);

    g_assert_cmpint (sqlite3_exec (dossier_store_get_db (store),
      "UPDATE articles SET title = CAST (X'4E76696469612072E973756D6573' AS TEXT),"
      "  summary = CAST (X'4578706F727420E9' AS TEXT) WHERE guid = 'e1';"
      "UPDATE feeds SET user_title = CAST (X'636166E9' AS TEXT) WHERE url LIKE '%wire.xml';"
      "UPDATE folders SET name = CAST (X'D8B9D8B1D8' AS TEXT);",
      NULL, NULL, NULL), ==, SQLITE_OK);
  }
  dossier_window_reload (f->window);
  wait_for (sidebar_filled, f);
  test_window_select_story (f->window, 0);
  wait_for (story_shown, f);
  article = test_window_story (f->window);
  g_assert_cmpstr (article != NULL ? article->title : NULL, ==, "Nvidia r\uFFFDsumes");
  g_assert_cmpstr (article != NULL ? article->feed_title : NULL, ==, "caf\uFFFD");
  screenshot (f, "bad-bytes");
}

/* A new list comes with its first stories read: when the model stops
 * loading, every row the view is told of already has its story, so the
 * frame that lays out the rows draws them whole (they were blank until a
 * second job and another frame). A list of 150: its first page (100) is
 * read with it, the rest is asked for by the rows. */
static void
on_model_loading_cb (DossierTimelineModel *model,
                     GParamSpec           *pspec,
                     gboolean             *checked)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));

  if (dossier_timeline_model_get_loading (model))
    return;
  g_assert_cmpuint (n, >, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DossierStoryItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_assert_true (dossier_story_item_get_loaded (item));
      g_assert_nonnull (dossier_story_item_get_title (item));
    }
  *checked = TRUE;
}

/* The glyphs drawn ahead, once the window is shown, are those of the
 * fonts the rows draw in: the same Pango fonts, so the same cache. */
static gboolean
glyphs_warm (Fixture *f)
{
  return dossier_glyphs_get_warm ();
}

static GtkWidget *
find_widget (GtkWidget  *widget,
             GType       type,
             const char *css_class)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) &&
      (css_class == NULL || gtk_widget_has_css_class (widget, css_class)))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, css_class);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static PangoFont *
first_font (PangoLayout *layout)
{
  PangoLayoutLine *line = pango_layout_get_line_readonly (layout, 0);
  PangoGlyphItem *run = line->runs->data;

  return run->item->analysis.font;
}

static void
test_glyphs_warm (Fixture *f, gconstpointer data)
{
  static const char * const texts[] = { "هواوي تطلق رقاقة جديدة", "Nvidia resumes H20 sales" };
  GtkWidget *list = GTK_WIDGET (test_window_list_view (f->window));
  GtkWidget *headline, *meta;

  wait_for (glyphs_warm, f);
  headline = find_widget (list, DOSSIER_TYPE_HEADLINE, NULL);
  meta = find_widget (list, GTK_TYPE_LABEL, "caption");
  g_assert_nonnull (headline);
  g_assert_nonnull (meta);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(PangoLayout) row_title = gtk_widget_create_pango_layout (headline, texts[i]);
      g_autoptr(PangoLayout) row_meta = gtk_widget_create_pango_layout (meta, texts[i]);
      g_autoptr(PangoLayout) warm_title = dossier_glyphs_layout (NULL, texts[i]);
      g_autoptr(PangoLayout) warm_meta = dossier_glyphs_layout ("caption", texts[i]);

      g_assert_true (first_font (row_title) == first_font (warm_title));
      g_assert_true (first_font (row_meta) == first_font (warm_meta));
      /* Two sizes are two fonts: the check can tell them apart. */
      g_assert_true (first_font (row_title) != first_font (row_meta));
    }
}

static void
test_model_first_page (void)
{
  g_autofree char *dir = test_make_temp_dir ();
  g_autofree char *db = g_build_filename (dir, "dossier.db", NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(DossierContext) context = NULL;
  g_autoptr(DossierTimelineModel) model = NULL;
  DossierQuery query;
  gboolean checked = FALSE;

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DossierStore) store = dossier_store_open (db, &error);
    g_autoptr(DossierParsedFeed) feed = dossier_parsed_feed_new ();
    gint64 feed_id;

    g_assert_no_error (error);
    feed_id = dossier_store_add_feed (store, "http://127.0.0.1:9/many.xml", NULL, NULL, &error);
    g_assert_no_error (error);
    feed->format = DOSSIER_FEED_FORMAT_RSS20;
    for (guint i = 0; i < 150; i++)
      {
        g_autofree char *guid = g_strdup_printf ("m%u", i);
        g_autofree char *title = g_strdup_printf ("Export licence review number %u", i);

        g_ptr_array_add (feed->items, story (guid, title, "The Commerce Department reviews licences.",
                                             now - i * 60));
      }
    g_assert_true (dossier_store_merge_feed (store, feed_id, feed, now, NULL, &error));
    g_assert_no_error (error);
  }

  context = dossier_context_new (db);
  model = dossier_timeline_model_new (context);
  g_signal_connect (model, "notify::loading", G_CALLBACK (on_model_loading_cb), &checked);
  dossier_query_init (&query);
  dossier_timeline_model_set_query (model, &query);
  while (!checked)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handlers_disconnect_by_data (model, &checked);
}

int
main (int argc, char **argv)
{
  g_autofree char *cache = g_dir_make_tmp ("dossier-test-cache-XXXXXX", NULL);

  /* The image cache writes under the user's cache folder: not the
   * developer's. */
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* gtk_test_init () chose en_US; a run in another language names its
   * locale in LC_ALL, and takes it as the application would. The catalogue
   * is the build's (DOSSIER_BUILD_LOCALEDIR in the tests' environment). */
  if (g_getenv ("LC_ALL") != NULL)
    setlocale (LC_ALL, "");
  dossier_i18n_init ();
  g_assert_nonnull (dossier_get_resource ());
  /* Screenshots of the end state, not of a transition. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  /* Xvfb has no window manager to take focus away in order: a text field
   * focused in a dialog closed meanwhile would have its cursor's blink
   * timer warn (fatally, in a test) that no focus-out came. */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);

  g_test_add ("/window/language", Fixture, NULL, fixture_set_up, test_language, fixture_tear_down);
  g_test_add ("/window/timeline-and-filters", Fixture, NULL, fixture_set_up,
              test_timeline_and_filters, fixture_tear_down);
  g_test_add ("/window/open-story", Fixture, NULL, fixture_set_up, test_open_story, fixture_tear_down);
  g_test_add ("/window/mark-all-read", Fixture, NULL, fixture_set_up, test_mark_all_read, fixture_tear_down);
  g_test_add ("/window/sidebar-many-feeds", Fixture, NULL, fixture_set_up, test_sidebar_many_feeds,
              fixture_tear_down);
  g_test_add ("/window/new-stories-keep-selection", Fixture, NULL, fixture_set_up,
              test_new_stories_keep_selection, fixture_tear_down);
  g_test_add ("/window/refresh-half-fails", Fixture, NULL, fixture_set_up,
              test_refresh_half_fails, fixture_tear_down);
  g_test_add ("/window/add-feed", Fixture, NULL, fixture_set_up, test_add_feed, fixture_tear_down);
  g_test_add ("/window/feed-properties", Fixture, NULL, fixture_set_up, test_feed_properties,
              fixture_tear_down);
  g_test_add ("/window/opml", Fixture, NULL, fixture_set_up, test_opml, fixture_tear_down);
  g_test_add ("/window/file-chooser", Fixture, NULL, fixture_set_up, test_file_chooser, fixture_tear_down);
  g_test_add ("/window/combined-filters", Fixture, NULL, fixture_set_up, test_combined_filters,
              fixture_tear_down);
  g_test_add ("/window/settings", Fixture, NULL, fixture_set_up, test_settings, fixture_tear_down);
  g_test_add ("/window/feed-icons", Fixture, NULL, fixture_set_up, test_feed_icons, fixture_tear_down);
  g_test_add ("/window/bad-bytes", Fixture, NULL, fixture_set_up, test_bad_bytes, fixture_tear_down);
  g_test_add_func ("/window/model-first-page", test_model_first_page);
  g_test_add ("/window/glyphs-warm", Fixture, NULL, fixture_set_up, test_glyphs_warm, fixture_tear_down);

  return g_test_run ();
}
