/* SPDX-License-Identifier: GPL-3.0-or-later */

/* A story's picture in the story view, under Xvfb, from a server on
 * 127.0.0.1 that counts what it is asked: with "Show images" on, the
 * enclosure's PNG is shown at its size under the title; with it off, not
 * one request reaches the server; bytes that are no image, a truncated
 * PNG, a PNG that claims 20000 × 20000 pixels and a web page leave the
 * picture hidden and the view working. The feed icon: the fallback until
 * the icon has loaded, and nothing fetched without a cache. A screenshot
 * of the story with its picture lands in the build folder. */

#include <adwaita.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "dossier-image-cache.h"
#include "dossier-remote-image.h"
#include "dossier-resources.h"
#include "dossier-story-view.h"
#include "test-gui-util.h"
#include "test-util.h"

#define PNG_WIDTH  320
#define PNG_HEIGHT 180

typedef struct {
  GMutex      lock;
  guint       total;
  GHashTable *hits;     /* path → requests */
  GBytes     *png;
  GBytes     *huge_header;
} Server;

typedef struct {
  Server             server;
  TestServer        *http;
  char              *dir;
  DossierImageCache *cache;
  GtkWindow         *window;
  DossierStoryView  *view;
} Fixture;

static void
handle (SoupServer        *soup_server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           data)
{
  Server *server = data;
  GBytes *body = NULL;
  const char *type = "image/png";
  const char *text = NULL;

  g_mutex_lock (&server->lock);
  server->total++;
  g_hash_table_replace (server->hits, g_strdup (path),
                        GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (server->hits, path)) + 1));
  g_mutex_unlock (&server->lock);

  if (g_str_equal (path, "/lead.png") || g_str_equal (path, "/icon.png"))
    body = server->png;
  else if (g_str_equal (path, "/huge-header.png"))
    body = server->huge_header;
  else if (g_str_equal (path, "/broken.png"))
    text = "These bytes are not a picture at all, whatever the header says.";
  else if (g_str_equal (path, "/truncated.png"))
    text = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0";
  else if (g_str_equal (path, "/page.png"))
    {
      type = "text/html";
      text = "<!DOCTYPE html><html><body>Not found</body></html>";
    }

  if (body != NULL)
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, type, SOUP_MEMORY_COPY,
                                        g_bytes_get_data (body, NULL), g_bytes_get_size (body));
    }
  else if (text != NULL)
    {
      /* The truncated PNG holds NULs: its length is written out. */
      gsize length = g_str_equal (path, "/truncated.png") ? 18 : strlen (text);

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, type, SOUP_MEMORY_COPY, text, length);
    }
  else
    soup_server_message_set_status (msg, 404, NULL);
}

static guint
total_hits (Fixture *f)
{
  guint count;

  g_mutex_lock (&f->server.lock);
  count = f->server.total;
  g_mutex_unlock (&f->server.lock);
  return count;
}

static guint
hits (Fixture    *f,
      const char *path)
{
  guint count;

  g_mutex_lock (&f->server.lock);
  count = GPOINTER_TO_UINT (g_hash_table_lookup (f->server.hits, path));
  g_mutex_unlock (&f->server.lock);
  return count;
}

static void
iterate (int times)
{
  for (int i = 0; i < times; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* Runs the main loop for @ms milliseconds. */
static void
iterate_for (int ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    iterate (1);
}

static GBytes *
read_fixture (const char *name)
{
  g_autofree char *path = test_source_path ("fixtures", "images", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_mutex_init (&f->server.lock);
  f->server.hits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  f->server.png = read_fixture ("dot.png");
  f->server.huge_header = read_fixture ("huge-header.png");
  f->http = test_server_start (handle, &f->server);
  f->dir = test_make_temp_dir ();
  f->cache = dossier_image_cache_new (f->dir);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 760, 720);
  f->view = DOSSIER_STORY_VIEW (dossier_story_view_new ());
  dossier_story_view_set_image_cache (f->view, f->cache);
  gtk_window_set_child (f->window, GTK_WIDGET (f->view));
  gtk_window_present (f->window);
  iterate (10);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  gtk_window_destroy (f->window);
  iterate (10);
  g_clear_object (&f->cache);
  test_server_stop (f->http);

  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);

      g_remove (child);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_hash_table_unref (f->server.hits);
  g_bytes_unref (f->server.png);
  g_bytes_unref (f->server.huge_header);
  g_mutex_clear (&f->server.lock);
}

static DossierArticle *
story_with_enclosure (Fixture    *f,
                      const char *path,
                      const char *type)
{
  DossierArticle *article = g_new0 (DossierArticle, 1);

  article->id = 1;
  article->feed_id = 1;
  article->feed_title = g_strdup ("Chip Wire");
  /* Its pictures are on its feed's own server. */
  article->feed_url = g_strconcat (test_server_url (f->http), "/feed.xml", NULL);
  article->title = g_strdup ("Nvidia resumes H20 sales to China as Huawei races to build alternatives");
  article->author = g_strdup ("Lena Park");
  article->published = 1752570000;   /* 15 July 2025 */
  article->updated = DOSSIER_DATE_NONE;
  article->content = g_strdup ("The US allowed Nvidia to sell its H20 chip to China again. "
                               "Days later the Cyberspace Administration of China summoned the company "
                               "over tracking concerns, while Huawei races to build alternatives.\n\n"
                               "DeepSeek, Alibaba and Moonshot AI released open models the same month.");
  /* A podcast first: the picture is the first enclosure that is one. */
  article->enclosures_json =
    g_strdup_printf ("[{\"url\": \"%s/talk.mp3\", \"type\": \"audio/mpeg\", \"length\": 1000},"
                     " {\"url\": \"%s%s\", \"type\": %s%s%s, \"length\": null}]",
                     test_server_url (f->http), test_server_url (f->http), path,
                     type != NULL ? "\"" : "", type != NULL ? type : "null", type != NULL ? "\"" : "");
  return article;
}

static DossierRemoteImage *
find_remote_image (GtkWidget *widget)
{
  if (DOSSIER_IS_REMOTE_IMAGE (widget))
    return DOSSIER_REMOTE_IMAGE (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      DossierRemoteImage *found = find_remote_image (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static DossierRemoteImage *
lead_image (Fixture *f)
{
  DossierRemoteImage *image = find_remote_image (GTK_WIDGET (f->view));

  g_assert_nonnull (image);
  return image;
}

static void
wait_loaded_or_failed (DossierRemoteImage *image)
{
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (dossier_remote_image_get_state (image) == DOSSIER_REMOTE_IMAGE_LOADING)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      iterate (1);
    }
  iterate (10);
}

static GtkWidget *
find_label_with (GtkWidget  *widget,
                 const char *prefix)
{
  if (GTK_IS_LABEL (widget) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), prefix))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_with (child, prefix);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_shown (Fixture       *f,
            gconstpointer  data)
{
  DossierRemoteImage *image = lead_image (f);
  GtkWidget *title, *body;
  GdkPaintable *paintable;
  graphene_rect_t image_bounds, title_bounds;

  dossier_story_view_set_show_images (f->view, TRUE);
  g_assert_true (dossier_story_view_get_show_images (f->view));
  dossier_story_view_set_article (f->view, story_with_enclosure (f, "/lead.png", "image/png"), NULL);
  wait_loaded_or_failed (image);

  g_assert_cmpint (dossier_remote_image_get_state (image), ==, DOSSIER_REMOTE_IMAGE_LOADED);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (image)));
  paintable = dossier_remote_image_get_paintable (image);
  g_assert_true (GDK_IS_TEXTURE (paintable));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==, PNG_WIDTH);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (paintable), ==, PNG_HEIGHT);
  g_assert_cmpuint (hits (f, "/lead.png"), ==, 1);
  g_assert_cmpuint (hits (f, "/talk.mp3"), ==, 0);

  test_save_screenshot (GTK_WIDGET (f->window), "story-image");

  /* Under the title, as wide as the text, no taller than the cap, and
   * as tall as the picture's shape asks below it. */
  title = find_label_with (GTK_WIDGET (f->view), "Nvidia resumes");
  body = find_label_with (GTK_WIDGET (f->view), "The US allowed");
  g_assert_nonnull (title);
  g_assert_nonnull (body);
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (image), GTK_WIDGET (f->view), &image_bounds));
  g_assert_true (gtk_widget_compute_bounds (title, GTK_WIDGET (f->view), &title_bounds));
  g_assert_cmpfloat (image_bounds.origin.y, >=, title_bounds.origin.y + title_bounds.size.height);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (image)), ==, gtk_widget_get_width (body));
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (image)), >, 0);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (image)), <=, 280);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (image)), ==,
                   MIN (280, gtk_widget_get_width (GTK_WIDGET (image)) * PNG_HEIGHT / PNG_WIDTH));

  /* The same story again: the picture is not fetched again. */
  dossier_story_view_set_article (f->view, story_with_enclosure (f, "/lead.png", NULL), NULL);
  wait_loaded_or_failed (image);
  g_assert_cmpint (dossier_remote_image_get_state (image), ==, DOSSIER_REMOTE_IMAGE_LOADED);
  g_assert_cmpuint (hits (f, "/lead.png"), ==, 1);
}

static void
test_off_fetches_nothing (Fixture       *f,
                          gconstpointer  data)
{
  DossierRemoteImage *image = lead_image (f);

  /* Off unless turned on. */
  g_assert_false (dossier_story_view_get_show_images (f->view));
  dossier_story_view_set_article (f->view, story_with_enclosure (f, "/lead.png", "image/png"), NULL);
  iterate_for (500);
  g_assert_cmpuint (total_hits (f), ==, 0);
  g_assert_cmpint (dossier_remote_image_get_state (image), ==, DOSSIER_REMOTE_IMAGE_EMPTY);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (image)));
  g_assert_null (dossier_remote_image_get_paintable (image));

  /* Turned on, the story shown gets its picture... */
  g_object_set (f->view, "show-images", TRUE, NULL);
  wait_loaded_or_failed (image);
  g_assert_cmpint (dossier_remote_image_get_state (image), ==, DOSSIER_REMOTE_IMAGE_LOADED);
  g_assert_cmpuint (total_hits (f), ==, 1);

  /* ...and off again, it goes, and the next story asks for nothing. */
  dossier_story_view_set_show_images (f->view, FALSE);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (image)));
  g_assert_null (dossier_remote_image_get_paintable (image));
  dossier_story_view_set_article (f->view, story_with_enclosure (f, "/icon.png", "image/png"), NULL);
  iterate_for (300);
  g_assert_cmpuint (total_hits (f), ==, 1);
  g_assert_cmpint (dossier_remote_image_get_state (image), ==, DOSSIER_REMOTE_IMAGE_EMPTY);
}

static void
test_broken_hidden (Fixture       *f,
                    gconstpointer  data)
{
  const char *paths[] = { "/broken.png", "/truncated.png", "/huge-header.png", "/page.png", "/gone.png" };
  DossierRemoteImage *image = lead_image (f);

  dossier_story_view_set_show_images (f->view, TRUE);
  for (gsize i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      dossier_story_view_set_article (f->view, story_with_enclosure (f, paths[i], "image/png"), NULL);
      wait_loaded_or_failed (image);
      g_test_message ("%s", paths[i]);
      g_assert_cmpuint (hits (f, paths[i]), ==, 1);
      g_assert_cmpint (dossier_remote_image_get_state (image), ==, DOSSIER_REMOTE_IMAGE_FAILED);
      g_assert_false (gtk_widget_get_visible (GTK_WIDGET (image)));
      g_assert_null (dossier_remote_image_get_paintable (image));
    }

  /* The view still works: a good picture after the bad ones. */
  dossier_story_view_set_article (f->view, story_with_enclosure (f, "/lead.png", "image/png"), NULL);
  wait_loaded_or_failed (image);
  g_assert_cmpint (dossier_remote_image_get_state (image), ==, DOSSIER_REMOTE_IMAGE_LOADED);

  /* A story without a picture hides it. */
  {
    DossierArticle *plain = story_with_enclosure (f, "/lead.png", "image/png");

    g_clear_pointer (&plain->enclosures_json, g_free);
    dossier_story_view_set_article (f->view, plain, NULL);
  }
  g_assert_cmpint (dossier_remote_image_get_state (image), ==, DOSSIER_REMOTE_IMAGE_EMPTY);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (image)));
}

static void
test_feed_icon (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *url = g_strconcat (test_server_url (f->http), "/icon.png", NULL);
  g_autofree char *broken = g_strconcat (test_server_url (f->http), "/broken.png", NULL);
  g_autofree char *feed = g_strconcat (test_server_url (f->http), "/feed.xml", NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = dossier_feed_icon_new (f->cache, url, feed, "dossier-feed-symbolic");
  GtkWidget *off = dossier_feed_icon_new (NULL, url, feed, "dossier-feed-symbolic");
  GtkWidget *failed = dossier_feed_icon_new (f->cache, broken, feed, "dossier-feed-symbolic");
  GtkWidget *none = dossier_feed_icon_new (f->cache, NULL, feed, "dossier-feed-symbolic");
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  GdkPaintable *paintable;

  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), off);
  gtk_box_append (GTK_BOX (box), failed);
  gtk_box_append (GTK_BOX (box), none);
  gtk_window_set_child (f->window, box);

  g_assert_cmpint (gtk_image_get_storage_type (GTK_IMAGE (icon)), ==, GTK_IMAGE_ICON_NAME);
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (icon)), ==, "dossier-feed-symbolic");
  g_assert_cmpint (gtk_image_get_pixel_size (GTK_IMAGE (icon)), ==, 16);

  while (gtk_image_get_storage_type (GTK_IMAGE (icon)) != GTK_IMAGE_PAINTABLE || hits (f, "/broken.png") == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      iterate (1);
    }
  iterate_for (200);

  /* Decoded small: an icon needs no more than twice its 16 pixels. */
  paintable = gtk_image_get_paintable (GTK_IMAGE (icon));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==, 32);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (paintable), ==, 32 * PNG_HEIGHT / PNG_WIDTH);
  g_assert_cmpint (gtk_widget_get_width (icon), ==, 16);

  /* The others keep the fallback; without a cache nothing was asked. */
  g_assert_cmpint (gtk_image_get_storage_type (GTK_IMAGE (off)), ==, GTK_IMAGE_ICON_NAME);
  g_assert_cmpint (gtk_image_get_storage_type (GTK_IMAGE (failed)), ==, GTK_IMAGE_ICON_NAME);
  g_assert_cmpint (gtk_image_get_storage_type (GTK_IMAGE (none)), ==, GTK_IMAGE_ICON_NAME);
  g_assert_cmpuint (hits (f, "/icon.png"), ==, 1);
  g_assert_cmpuint (total_hits (f), ==, 2);

  /* An icon that goes while loading takes its load with it. */
  gtk_box_append (GTK_BOX (box), dossier_feed_icon_new (f->cache, broken, feed, "dossier-feed-symbolic"));
  gtk_box_remove (GTK_BOX (box), gtk_widget_get_last_child (box));
  iterate_for (200);
}

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

/* A story whose enclosure, and a feed whose icon, point at another
 * service of this computer: shown with images on, and the service never
 * hears of it. */
static void
test_local_service_untouched (Fixture       *f,
                              gconstpointer  data)
{
  int canary_hits = 0;
  TestServer *canary = test_server_start (handle_canary, &canary_hits);
  g_autofree char *feed = g_strconcat (test_server_url (f->http), "/feed.xml", NULL);
  g_autofree char *icon_url = g_strconcat (test_server_url (canary), "/admin/icon", NULL);
  DossierRemoteImage *image = lead_image (f);
  DossierArticle *article = story_with_enclosure (f, "/lead.png", "image/png");
  GtkWidget *icon;

  g_free (article->enclosures_json);
  article->enclosures_json = g_strdup_printf ("[{\"url\": \"%s/admin/delete?all=1\", \"type\": \"image/png\"}]",
                                              test_server_url (canary));
  dossier_story_view_set_show_images (f->view, TRUE);
  dossier_story_view_set_article (f->view, article, NULL);
  wait_loaded_or_failed (image);
  g_assert_cmpint (dossier_remote_image_get_state (image), ==, DOSSIER_REMOTE_IMAGE_FAILED);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (image)));

  icon = dossier_feed_icon_new (f->cache, icon_url, feed, "dossier-feed-symbolic");
  gtk_window_set_child (f->window, icon);
  iterate_for (300);
  g_assert_cmpint (gtk_image_get_storage_type (GTK_IMAGE (icon)), ==, GTK_IMAGE_ICON_NAME);

  g_assert_cmpint (g_atomic_int_get (&canary_hits), ==, 0);
  g_assert_cmpuint (total_hits (f), ==, 0);
  test_server_stop (canary);
}

int
main (int argc, char **argv)
{
  g_autoptr(GtkCssProvider) provider = NULL;

  g_test_init (&argc, &argv, NULL);
  adw_init ();
  g_assert_nonnull (dossier_get_resource ());

  /* The window loads the application's style; this test has no window
   * of the application's. */
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/io/github/dossierapp/Dossier/dossier.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    "/io/github/dossierapp/Dossier/icons");

#define ADD(path, func) \
  g_test_add ("/story-images/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("shown", test_shown);
  ADD ("off-fetches-nothing", test_off_fetches_nothing);
  ADD ("broken-hidden", test_broken_hidden);
  ADD ("feed-icon", test_feed_icon);
  ADD ("local-service-untouched", test_local_service_untouched);
#undef ADD

  return g_test_run ();
}
