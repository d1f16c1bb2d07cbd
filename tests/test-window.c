/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The real window under Xvfb, on a temporary database filled from fixture
 * stories: the timeline's rows and order, the entity, topic, feed and
 * search filters, opening a story (which marks it read), a refresh in
 * which half the feeds fail, and screenshots of the main views in the
 * build folder. */

#include <adwaita.h>
#include <libsoup/soup.h>
#include <string.h>

#include "dossier-resources.h"
#include "dossier-story-item.h"
#include "dossier-window-private.h"
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
  f->feed_en = dossier_store_add_feed (store, "https://wire.example/feed", NULL, NULL, &error);
  f->feed_ar = dossier_store_add_feed (store, "https://ar.example/feed", NULL, "عربي", &error);
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
  GListModel *model = dossier_window_get_timeline (f->window);

  if (dossier_window_is_loading (f->window))
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
  return dossier_window_get_story (f->window) != NULL;
}

static gboolean
sidebar_filled (Fixture *f)
{
  GtkWidget *sidebar = dossier_window_get_sidebar (f->window);
  guint rows = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (sidebar); c != NULL; c = gtk_widget_get_next_sibling (c))
    rows++;
  return rows > 3;
}

/* The titles of the timeline, newest first, one a line. */
static char *
titles (Fixture *f)
{
  GListModel *model = dossier_window_get_timeline (f->window);
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
  GtkWidget *widget = GTK_WIDGET (f->window);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") != NULL
                                           ? g_getenv ("G_TEST_BUILDDIR") : ".", "screenshots", NULL);
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  const char *lang = g_getenv ("LANGUAGE");
  int width, height;

  /* The window draws once it is mapped and laid out. */
  for (int i = 0; i < 2000 && node == NULL; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      if (!gtk_widget_get_mapped (widget) || width == 0 || height == 0)
        continue;
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_mkdir_with_parents (dir, 0755);
  file = g_strdup_printf ("%s-%s.png", name, lang != NULL && g_str_has_prefix (lang, "ar") ? "ar" : "en");
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
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
  screenshot (f, "timeline");

  /* A company, in English and Arabic stories alike. */
  dossier_window_set_filter (f->window, DOSSIER_FILTER_ENTITY, "huawei", 0);
  text = titles (f);
  g_assert_cmpstr (text, ==, "هواوي تطلق رقائق أسند الجديدة لمنافسة إنفيديا\n"
                             "Huawei readies Ascend chips for DeepSeek models\n");
  g_clear_pointer (&text, g_free);
  screenshot (f, "entity");

  dossier_window_set_filter (f->window, DOSSIER_FILTER_TOPIC, "open-source-ai", 0);
  text = titles (f);
  g_assert_cmpstr (text, ==, "Huawei readies Ascend chips for DeepSeek models\n"
                             "ديب سيك تنشر نموذجاً مفتوح المصدر\n");
  g_clear_pointer (&text, g_free);

  dossier_window_set_filter (f->window, DOSSIER_FILTER_FEED, NULL, f->feed_ar);
  text = titles (f);
  g_assert_cmpstr (text, ==, "هواوي تطلق رقائق أسند الجديدة لمنافسة إنفيديا\n"
                             "ديب سيك تنشر نموذجاً مفتوح المصدر\n");
  g_clear_pointer (&text, g_free);

  /* A search within all stories, then one that finds nothing says so. */
  dossier_window_set_filter (f->window, DOSSIER_FILTER_ALL, NULL, 0);
  dossier_window_set_search (f->window, "H20");
  text = titles (f);
  g_assert_cmpstr (text, ==, "Nvidia resumes H20 sales to China after export licence\n"
                             "CAC summons Nvidia over H20 security risks\n");
  g_clear_pointer (&text, g_free);
  screenshot (f, "search");

  dossier_window_set_search (f->window, "quantum");
  text = titles (f);
  g_assert_cmpstr (text, ==, "");
  g_assert_nonnull (dossier_window_get_empty_title (f->window));
  g_clear_pointer (&text, g_free);

  dossier_window_set_search (f->window, "");
  dossier_window_set_filter (f->window, DOSSIER_FILTER_STARRED, NULL, 0);
  text = titles (f);
  g_assert_cmpstr (text, ==, "");
  g_assert_nonnull (dossier_window_get_empty_title (f->window));
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

static void
test_open_story (Fixture *f, gconstpointer data)
{
  const DossierArticle *article;
  g_autoptr(DossierStoryItem) item = NULL;
  gboolean found_h20 = FALSE;

  dossier_window_select_story (f->window, 0);
  wait_for (story_shown, f);
  article = dossier_window_get_story (f->window);
  g_assert_cmpstr (article->title, ==, "Nvidia resumes H20 sales to China after export licence");
  for (guint i = 0; article->entities[i] != NULL; i++)
    found_h20 |= g_str_equal (article->entities[i], "nvidia-h20");
  g_assert_true (found_h20);

  /* Read at once in the list, and in the database soon after. */
  item = g_list_model_get_item (dossier_window_get_timeline (f->window), 0);
  g_assert_true (dossier_story_item_get_read (item));
  wait_for (first_story_read, f);
  screenshot (f, "story");

  /* The Arabic story, laid out right to left. */
  dossier_window_select_story (f->window, 1);
  wait_for (story_shown, f);
  for (int i = 0; i < 100 && !g_str_has_prefix (dossier_window_get_story (f->window)->title, "هواوي"); i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
  g_assert_true (g_str_has_prefix (dossier_window_get_story (f->window)->title, "هواوي"));
  screenshot (f, "story-arabic");

  /* A narrow window shows one pane. */
  gtk_window_set_default_size (GTK_WINDOW (f->window), 400, 760);
  wait_for (story_shown, f);
  screenshot (f, "narrow");
}

static gboolean
all_read (Fixture *f)
{
  return unread_in_db (f) == 0;
}

/* Mark all as read, for the stories the timeline shows. */
static void
test_mark_all_read (Fixture *f, gconstpointer data)
{
  g_autoptr(DossierStoryItem) item = NULL;
  g_autoptr(GtkBuilder) builder = NULL;

  g_assert_false (all_read (f));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.mark-all-read", NULL);
  item = g_list_model_get_item (dossier_window_get_timeline (f->window), 5);
  g_assert_true (dossier_story_item_get_read (item));
  wait_for (all_read, f);

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

  dossier_window_select_story (f->window, 2);
  wait_for (story_shown, f);
  selected = dossier_window_get_selected_id (f->window);
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
  g_assert_cmpint (dossier_window_get_selected_id (f->window), ==, selected);
  g_assert_nonnull (dossier_window_get_story (f->window));
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

static void
setup_server (gpointer server,
              gpointer user_data)
{
  soup_server_add_handler (server, NULL, handle, NULL, NULL);
}

static void
test_refresh_half_fails (Fixture *f, gconstpointer data)
{
  TestServer *server = test_server_start (setup_server, NULL);
  g_autoptr(DossierStore) store = dossier_store_open (f->db, NULL);
  g_autofree char *text = NULL;

  for (int i = 0; i < 6; i++)
    {
      g_autofree char *url = g_strdup_printf ("%s/%s/%d.xml", test_server_url (server),
                                              i % 2 ? "bad" : "ok", i);

      g_assert_cmpint (dossier_store_add_feed (store, url, NULL, NULL, NULL), >, 0);
    }
  g_clear_pointer (&store, dossier_store_close);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.refresh-all", NULL);
  g_assert_true (dossier_window_is_refreshing (f->window));
  while (dossier_window_is_refreshing (f->window))
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  /* The three good feeds' stories are listed; the window is still here. */
  dossier_window_set_filter (f->window, DOSSIER_FILTER_ENTITY, "nvidia", 0);
  text = titles (f);
  g_assert_nonnull (strstr (text, "Nvidia story 0\n"));
  g_assert_nonnull (strstr (text, "Nvidia story 2\n"));
  g_assert_nonnull (strstr (text, "Nvidia story 4\n"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->window)));
  /* The failures are told, in words: the three broken feeds and the two
   * fixture feeds, whose hosts do not exist. */
  g_assert_nonnull (dossier_window_get_last_error (f->window));
  g_assert_nonnull (strstr (dossier_window_get_last_error (f->window), "5 feeds could not be refreshed"));
  g_assert_nonnull (strstr (dossier_window_get_last_error (f->window), "500"));
  screenshot (f, "refresh-failures");
  test_server_stop (server);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_assert_nonnull (dossier_get_resource ());
  /* Screenshots of the end state, not of a transition. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/window/timeline-and-filters", Fixture, NULL, fixture_set_up,
              test_timeline_and_filters, fixture_tear_down);
  g_test_add ("/window/open-story", Fixture, NULL, fixture_set_up, test_open_story, fixture_tear_down);
  g_test_add ("/window/mark-all-read", Fixture, NULL, fixture_set_up, test_mark_all_read, fixture_tear_down);
  g_test_add ("/window/new-stories-keep-selection", Fixture, NULL, fixture_set_up,
              test_new_stories_keep_selection, fixture_tear_down);
  g_test_add ("/window/refresh-half-fails", Fixture, NULL, fixture_set_up,
              test_refresh_half_fails, fixture_tear_down);

  return g_test_run ();
}
