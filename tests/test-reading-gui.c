/* SPDX-License-Identifier: GPL-3.0-or-later */

/* A formatted story in the story view under Xvfb, read through a real
 * context from a real database whose feed and article pages a server on
 * 127.0.0.1 serves: the body's paragraphs, lists, quotes and table, each
 * paragraph in its own direction; a link's address on hover; the body's
 * picture only with "Show images" on; Fetch the Full Article (a page that
 * works and one that does not); the citation on the clipboard; paging
 * with Space. Screenshots land in the build folder, in English and in
 * Arabic (LANGUAGE=ar). */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <locale.h>
#include <string.h>

#include "dossier-i18n.h"
#include "dossier-store.h"
#include "dossier-context.h"
#include "dossier-document-view.h"
#include "dossier-image-cache.h"
#include "dossier-reading-private.h"
#include "dossier-refresh.h"
#include "dossier-resources.h"
#include "dossier-story-view.h"
#include "test-gui-util.h"
#include "test-util.h"

typedef struct {
  GMutex      lock;
  GHashTable *hits;     /* path → requests */
  char       *base;
} Server;

typedef struct {
  Server             server;
  TestServer        *http;
  char              *dir;
  char              *db;
  DossierContext    *context;
  DossierImageCache *cache;
  GtkWindow         *window;
  DossierStoryView  *view;
} Fixture;

static const char feed_format[] =
  "<?xml version=\"1.0\"?><rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">"
  "<channel><title>Chip Wire</title><link>%s/</link>"
  "<item><title>Nvidia resumes H20 sales to China</title><link>%s/story/1</link><guid>1</guid>"
  "<author>lena@example.com (Lena Park)</author><pubDate>Tue, 15 Jul 2025 09:30:00 GMT</pubDate>"
  "<description>The US allowed Nvidia to sell its H20 chip to China again.</description>"
  "<content:encoded><![CDATA["
  "<p>The US allowed <b>Nvidia</b> to sell its <em>H20</em> chip to China again, says the "
  "<a href=\"/bis/notice\">Commerce notice</a>.</p>"
  "<p>قالت إنفيديا إن شريحة H20 ستعود إلى السوق الصينية بعد موافقة واشنطن.</p>"
  "<h2>What changed</h2>"
  "<ul><li>Licences for the H20</li><li>A review of the <code>ECCN</code> rules</li></ul>"
  "<blockquote><p>We must not allow US companies to sell these chips.</p></blockquote>"
  "<figure><img src=\"/chip.png\" alt=\"A chip\"><figcaption>The H20 chip</figcaption></figure>"
  "<table><tr><th>Chip</th><th>Year</th></tr><tr><td>H20</td><td>2024</td></tr></table>"
  "<script>document.location='%s/stolen'</script>"
  "]]></content:encoded></item>"
  "<item><title>A page that is gone</title><link>%s/story/gone</link><guid>2</guid>"
  "<pubDate>Mon, 14 Jul 2025 09:30:00 GMT</pubDate><description>Only a summary.</description></item>"
  "</channel></rss>";

static const char page[] =
  "<html><head><title>Nvidia resumes H20 sales | Chip Wire</title></head><body>"
  "<nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav>"
  "<article><h1>Nvidia resumes H20 sales</h1>"
  "<p>The full article says more than the feed: Huawei races to build alternatives with its Ascend chips.</p>"
  "<p>Analysts expect the licences within weeks, and the Commerce Department has said little.</p>"
  "</article><footer>© Chip Wire. All rights reserved.</footer></body></html>";

static void
handle (SoupServer        *soup_server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           data)
{
  Server *server = data;

  g_mutex_lock (&server->lock);
  g_hash_table_replace (server->hits, g_strdup (path),
                        GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (server->hits, path)) + 1));
  g_mutex_unlock (&server->lock);

  if (g_str_equal (path, "/feed.xml"))
    {
      g_autofree char *feed = g_strdup_printf (feed_format, server->base, server->base, server->base, server->base);

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_COPY, feed, strlen (feed));
    }
  else if (g_str_equal (path, "/story/1"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, page, strlen (page));
    }
  else if (g_str_equal (path, "/chip.png"))
    {
      g_autofree char *png_path = test_source_path ("fixtures", "images", "dot.png", NULL);
      char *png = NULL;
      gsize length = 0;

      g_file_get_contents (png_path, &png, &length, NULL);
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_TAKE, png, length);
    }
  else
    soup_server_message_set_status (msg, 404, NULL);
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

typedef gboolean (*Condition) (Fixture *f);

static void
count_paint (guint *painted)
{
  (*painted)++;
}

static void
wait_for (Fixture   *f,
          Condition  condition)
{
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!condition (f))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      iterate (1);
    }
  /* Sizes and places are only right once a frame has been laid out after
   * the change: a few turns of the loop may come before it on a busy
   * machine. Two painted frames, since the first may have been under way. */
  for (int frames = 0; frames < 2; frames++)
    {
      GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (f->window));
      guint painted = 0;
      gulong id = g_signal_connect_swapped (clock, "after-paint", G_CALLBACK (count_paint), &painted);

      gtk_widget_queue_resize (GTK_WIDGET (f->window));
      while (painted == 0)
        {
          g_assert_cmpint (g_get_monotonic_time (), <, end);
          g_main_context_iteration (NULL, TRUE);
        }
      g_signal_handler_disconnect (clock, id);
    }
  iterate (5);
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

static GtkWidget *
find_type (GtkWidget *widget,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static DossierDocumentView *
body_view (Fixture *f)
{
  return DOSSIER_DOCUMENT_VIEW (find_type (GTK_WIDGET (f->view), DOSSIER_TYPE_DOCUMENT_VIEW));
}

static gboolean
body_shown (Fixture *f)
{
  const DossierDocument *document = dossier_document_view_get_document (body_view (f));

  return document != NULL && document->blocks->len > 0;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(DossierFetcher) fetcher = dossier_fetcher_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  g_mutex_init (&f->server.lock);
  f->server.hits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  f->http = test_server_start (handle, &f->server);
  f->server.base = g_strdup (test_server_url (f->http));
  f->dir = test_make_temp_dir ();
  f->db = g_build_filename (f->dir, "dossier.db", NULL);

  store = dossier_store_open (f->db, &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("%s/feed.xml", f->server.base);
  g_assert_cmpint (dossier_subscribe (store, fetcher, url, NULL, NULL, NULL, &error), ==, 1);
  g_assert_no_error (error);
  g_clear_pointer (&store, dossier_store_close);

  f->context = dossier_context_new (f->db);
  f->cache = dossier_image_cache_new (f->dir);
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 760, 720);
  f->view = DOSSIER_STORY_VIEW (dossier_story_view_new ());
  dossier_story_view_set_image_cache (f->view, f->cache);
  dossier_story_view_set_context (f->view, f->context);
  gtk_window_set_child (f->window, GTK_WIDGET (f->view));
  gtk_window_present (f->window);
  iterate (10);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  iterate (10);
  g_clear_object (&f->cache);
  g_clear_object (&f->context);
  test_server_stop (f->http);
  g_hash_table_unref (f->server.hits);
  g_free (f->server.base);
  g_mutex_clear (&f->server.lock);
  g_free (f->db);
  g_free (f->dir);
}

static void
show_story (Fixture *f,
            gint64   id)
{
  g_autoptr(DossierStore) store = dossier_store_open (f->db, NULL);
  DossierArticle *article = dossier_store_get_article (store, id, NULL);

  g_assert_nonnull (article);
  dossier_story_view_set_article (f->view, article, NULL);
  wait_for (f, body_shown);
}

static void
test_formatted (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *english, *arabic, *heading, *item, *quote, *cell, *caption;
  const char *href;
  PangoRectangle pos;
  int x, y;
  const char *text;

  show_story (f, 1);

  english = find_label_with (GTK_WIDGET (f->view), "The US allowed Nvidia");
  arabic = find_label_with (GTK_WIDGET (f->view), "قالت إنفيديا");
  heading = find_label_with (GTK_WIDGET (f->view), "What changed");
  item = find_label_with (GTK_WIDGET (f->view), "Licences for the H20");
  quote = find_label_with (GTK_WIDGET (f->view), "We must not allow");
  cell = find_label_with (GTK_WIDGET (f->view), "2024");
  caption = find_label_with (GTK_WIDGET (f->view), "The H20 chip");
  g_assert_nonnull (english);
  g_assert_nonnull (arabic);
  g_assert_nonnull (heading);
  g_assert_nonnull (item);
  g_assert_nonnull (quote);
  g_assert_nonnull (cell);
  g_assert_nonnull (caption);
  /* Nothing of the script is text, and it was never run or fetched. */
  g_assert_null (find_label_with (GTK_WIDGET (f->view), "document.location"));
  g_assert_cmpuint (hits (f, "/stolen"), ==, 0);

  /* Each paragraph in its own direction, whatever the interface's. */
  g_assert_cmpint (gtk_widget_get_direction (english), ==, GTK_TEXT_DIR_LTR);
  g_assert_cmpint (gtk_widget_get_direction (arabic), ==, GTK_TEXT_DIR_RTL);
  g_assert_true (gtk_widget_has_css_class (heading, "title-3"));
  /* Paragraphs are apart: the Arabic one starts below the English one's
   * end, with room between. */
  {
    graphene_rect_t a, b;

    g_assert_true (gtk_widget_compute_bounds (english, GTK_WIDGET (f->view), &a));
    g_assert_true (gtk_widget_compute_bounds (arabic, GTK_WIDGET (f->view), &b));
    g_assert_cmpfloat (b.origin.y, >=, a.origin.y + a.size.height + 8);
  }

  /* The link's address, absolute, is what its tooltip shows. */
  text = gtk_label_get_text (GTK_LABEL (english));
  pango_layout_index_to_pos (gtk_label_get_layout (GTK_LABEL (english)),
                             (int) (strstr (text, "Commerce notice") - text) + 2, &pos);
  gtk_label_get_layout_offsets (GTK_LABEL (english), &x, &y);
  href = dossier_document_view_link_at (GTK_LABEL (english), x + pos.x / PANGO_SCALE + 1,
                                        y + pos.y / PANGO_SCALE + pos.height / PANGO_SCALE / 2);
  g_assert_nonnull (href);
  g_assert_true (g_str_has_suffix (href, "/bis/notice"));
  g_assert_true (g_str_has_prefix (href, f->server.base));
  g_assert_null (dossier_document_view_link_at (GTK_LABEL (english), x + 1, y + 1));

  /* Show images is off: the body's picture was not even asked for. */
  g_assert_cmpuint (hits (f, "/chip.png"), ==, 0);
  dossier_story_view_set_show_images (f->view, TRUE);
  {
    gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

    while (hits (f, "/chip.png") == 0)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, end);
        iterate (1);
      }
  }
  iterate (50);
  test_save_screenshot (GTK_WIDGET (f->window), "story-formatted");
}

static gboolean
full_article_shown (Fixture *f)
{
  return find_label_with (GTK_WIDGET (f->view), "The full article says more") != NULL;
}

static gboolean
feed_text_shown (Fixture *f)
{
  return find_label_with (GTK_WIDGET (f->view), "The US allowed Nvidia") != NULL;
}

static gboolean
failure_shown (Fixture *f)
{
  return find_label_with (GTK_WIDGET (f->view), "The full article could not") != NULL ||
         find_label_with (GTK_WIDGET (f->view), "تعذّر جلب") != NULL;
}

static GtkWidget *
find_action_button (GtkWidget  *widget,
                    const char *action)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_action_button (child, action);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Fetch the Full Article, under the story's chips. */
static GtkWidget *
full_button (Fixture *f)
{
  return find_action_button (GTK_WIDGET (f->view), "story.toggle-full-article");
}

static void
test_full_article (Fixture       *f,
                   gconstpointer  data)
{
  GtkWidget *button;

  show_story (f, 1);
  button = full_button (f);
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_cmpuint (hits (f, "/story/1"), ==, 0);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==,
                   g_dgettext (GETTEXT_PACKAGE, "Fetch the Full Article"));
  gtk_widget_activate (button);
  wait_for (f, full_article_shown);
  g_assert_cmpuint (hits (f, "/story/1"), ==, 1);
  /* In Arabic the button and the line beside it are Arabic. */
  if (g_str_has_prefix (g_get_language_names ()[0], "ar"))
    {
      g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "اعرض نص الخلاصة");
      g_assert_nonnull (find_label_with (GTK_WIDGET (f->view), "المقال كاملًا من"));
    }
  /* The page's navigation and footer stayed out. */
  g_assert_null (find_label_with (GTK_WIDGET (f->view), "© Chip Wire"));
  test_save_screenshot (GTK_WIDGET (f->window), "story-full-article");

  /* Back to the feed's text, and the stored article again, without the
   * network. */
  gtk_widget_activate (button);
  wait_for (f, feed_text_shown);
  g_assert_false (full_article_shown (f));
  gtk_widget_activate (button);
  wait_for (f, full_article_shown);
  g_assert_cmpuint (hits (f, "/story/1"), ==, 1);

  /* A page that is gone: the reason is shown, the feed's text stays. */
  show_story (f, 2);
  gtk_widget_activate (full_button (f));
  wait_for (f, failure_shown);
  g_assert_nonnull (find_label_with (GTK_WIDGET (f->view), "Only a summary."));
}

static void
on_clipboard_read_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  if (*text == NULL)
    *text = g_strdup ("");
}

static void
test_citation_and_paging (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *copied = NULL;
  g_autofree char *bibtex = NULL;
  int pages = 0;

  show_story (f, 1);
  g_assert_true (dossier_story_view_copy_citation (f->view, DOSSIER_CITATION_TEXT));
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (f->view)), NULL,
                                 on_clipboard_read_cb, &copied);
  while (copied == NULL)
    iterate (1);
  g_assert_true (g_str_has_prefix (copied, "Lena Park, “Nvidia resumes H20 sales to China”, Chip Wire, 15 July 2025."));
  bibtex = dossier_story_view_get_citation (f->view, DOSSIER_CITATION_BIBTEX);
  g_assert_true (g_str_has_prefix (bibtex, "@misc{park2025nvidia,"));

  /* A short window: Space pages down to the end, then says so. */
  gtk_window_set_default_size (f->window, 500, 300);
  iterate (50);
  while (dossier_story_view_page (f->view, TRUE))
    {
      g_assert_cmpint (++pages, <, 50);
      iterate (5);
    }
  g_assert_cmpint (pages, >=, 1);
  g_assert_true (dossier_story_view_page (f->view, FALSE));
}

int
main (int argc, char **argv)
{
  g_autoptr(GtkCssProvider) provider = NULL;

  g_test_init (&argc, &argv, NULL);
  adw_init ();
  /* The application binds its catalogue at its start; without it an
   * Arabic run showed the story view's buttons in English. */
  if (g_getenv ("LC_ALL") != NULL)
    setlocale (LC_ALL, "");
  dossier_i18n_init ();
  g_assert_nonnull (dossier_get_resource ());
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/io/github/dossierapp/Dossier/dossier.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_test_add ("/reading-gui/formatted", Fixture, NULL, fixture_set_up, test_formatted, fixture_tear_down);
  g_test_add ("/reading-gui/full-article", Fixture, NULL, fixture_set_up, test_full_article, fixture_tear_down);
  g_test_add ("/reading-gui/citation-paging", Fixture, NULL, fixture_set_up, test_citation_and_paging,
              fixture_tear_down);
  return g_test_run ();
}
