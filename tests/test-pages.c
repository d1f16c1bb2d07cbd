/* SPDX-License-Identifier: GPL-3.0-or-later */

#include <string.h>

#include "test-pages.h"
#include "test-util.h"

#define STREAM_CHUNK   (64 * 1024)
#define TRICKLE_BYTES  100
#define TRICKLE_MS     50
#define NESTING        10000

struct _TestPages {
  GMutex      lock;          /* the server's thread and the test's */
  GHashTable *hits;          /* path → requests */
  char       *base;
  guint64     streamed;
  guint       streams_ended;
  GBytes     *huge_dom;      /* made on first request */
  GBytes     *too_large;
  gboolean    down;          /* every page answers 503 */
};

const char * const test_pages_story_pages[] = {
  "ok", "ok-ar", "scripts", "huge-dom", "nested", "nested-after", "endless", "too-large", "gone", "pdf",
  "private",
};
const guint test_pages_n_stories = G_N_ELEMENTS (test_pages_story_pages);

/* An article of the kind the pages wrap: a few paragraphs of real length. */
static const char article[] =
  "<article class=\"story\"><h1>Chip export rules tighten again</h1>"
  "<p>The Commerce Department widened its export controls on advanced computing chips on Tuesday, "
  "adding new licence requirements for shipments to data centres in several countries.</p>"
  "<p>Officials said the rules would be reviewed case by case, and that companies had thirty days to "
  "apply for licences covering orders that were already placed before the announcement.</p>"
  "<p>Industry groups warned that the measures could push buyers towards domestic suppliers, while "
  "lawmakers in Washington welcomed a step they had requested for more than a year.</p></article>";

TestPages *
test_pages_new (void)
{
  TestPages *pages = g_new0 (TestPages, 1);

  g_mutex_init (&pages->lock);
  pages->hits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return pages;
}

void
test_pages_free (TestPages *pages)
{
  g_hash_table_unref (pages->hits);
  g_clear_pointer (&pages->huge_dom, g_bytes_unref);
  g_clear_pointer (&pages->too_large, g_bytes_unref);
  g_free (pages->base);
  g_mutex_clear (&pages->lock);
  g_free (pages);
}

void
test_pages_set_base (TestPages  *pages,
                     const char *base)
{
  g_mutex_lock (&pages->lock);
  g_free (pages->base);
  pages->base = g_strdup (base);
  g_mutex_unlock (&pages->lock);
}

guint
test_pages_hits (TestPages  *pages,
                 const char *path)
{
  guint n;

  g_mutex_lock (&pages->lock);
  n = GPOINTER_TO_UINT (g_hash_table_lookup (pages->hits, path));
  g_mutex_unlock (&pages->lock);
  return n;
}

guint64
test_pages_streamed (TestPages *pages)
{
  guint64 n;

  g_mutex_lock (&pages->lock);
  n = pages->streamed;
  g_mutex_unlock (&pages->lock);
  return n;
}

guint
test_pages_streams_ended (TestPages *pages)
{
  guint n;

  g_mutex_lock (&pages->lock);
  n = pages->streams_ended;
  g_mutex_unlock (&pages->lock);
  return n;
}

void
test_pages_set_down (TestPages *pages,
                     gboolean   down)
{
  g_mutex_lock (&pages->lock);
  pages->down = down;
  g_mutex_unlock (&pages->lock);
}

char *
test_pages_summary (const char *page)
{
  return g_strdup_printf ("The feed's own summary of the %s story, which nothing may lose.", page);
}

static const char *
fixture_of (const char *page)
{
  /* The private page would be a good article, were it fetched. */
  return g_str_equal (page, "ok-ar") ? "13-ar-alkhalij" : "08-en-spglobal";
}

char *
test_pages_expected (const char *page)
{
  g_autofree char *name = g_strconcat (fixture_of (page), ".expected.txt", NULL);
  g_autofree char *path = test_source_path ("fixtures", "extract", name, NULL);
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

/* ---- Pages -------------------------------------------------------------- */

/* Every story page's story, or @only's alone. */
static char *
feed (TestPages  *pages,
      const char *only)
{
  g_autoptr(GString) xml = g_string_new ("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel>"
                                         "<title>Hostile Pages</title>");

  static const char * const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_string_append_printf (xml, "<link>%s/</link>", pages->base);
  for (guint i = 0; i < test_pages_n_stories; i++)
    {
      g_autofree char *summary = test_pages_summary (test_pages_story_pages[i]);
      /* An hour apart, newest first as feeds list them, and recent: a
       * refresh keeps and fetches the pages of this week's stories. */
      g_autoptr(GDateTime) when = g_date_time_add_hours (now, -1 - (int) i);

      if (only != NULL && !g_str_equal (only, test_pages_story_pages[i]))
        continue;

      /* The private page is on this computer under another name than
       * the feed's: a local address its feed does not come from. */
      g_autofree char *base = g_str_equal (test_pages_story_pages[i], "private")
                                ? g_strconcat ("http://localhost:", strrchr (pages->base, ':') + 1, NULL)
                                : g_strdup (pages->base);

      g_string_append_printf (xml,
                              "<item><title>Story %u: %s</title><link>%s/page/%s</link><guid>%s</guid>"
                              "<pubDate>%02d %s %d %02d:%02d:00 GMT</pubDate><description>%s</description></item>",
                              i + 1, test_pages_story_pages[i], base, test_pages_story_pages[i],
                              test_pages_story_pages[i], g_date_time_get_day_of_month (when),
                              months[g_date_time_get_month (when) - 1], g_date_time_get_year (when),
                              g_date_time_get_hour (when), g_date_time_get_minute (when), summary);
    }
  g_string_append (xml, "</channel></rss>");
  return g_string_free (g_steal_pointer (&xml), FALSE);
}

static const char scripts_page[] =
  "<!DOCTYPE html><html><head><title>Chip export rules tighten again | Wire</title>"
  "<meta http-equiv=\"refresh\" content=\"0; url=/refreshed\">"
  "<script src=\"/evil.js\"></script><link rel=\"stylesheet\" href=\"/style.css\">"
  "<script>document.write('<img src=/written.gif>'); fetch('/stolen?c=' + document.cookie);</script>"
  "<style>body { background: url(/background.png) }</style></head>"
  "<body onload=\"location='/onload'\">"
  "<nav><a href=\"/\">Home</a> <a href=\"javascript:alert(1)\">Menu</a></nav>"
  "<div class=\"content\"><article class=\"story\"><h1>Chip export rules tighten again</h1>"
  "<p onclick=\"location='/clicked'\">The Commerce Department widened its export controls on advanced "
  "computing chips on Tuesday, <a href=\"javascript:fetch('/js-link')\">the notice says</a>, adding "
  "new licence requirements for shipments to data centres.</p>"
  "<script>new Image().src = '/pixel.gif';</script>"
  "<iframe src=\"/frame.html\">Officials said in a frame that nobody may read.</iframe>"
  "<p>Officials said the rules would be reviewed case by case, and that companies had thirty days to "
  "apply for licences <img src=\"/inline.gif\" onerror=\"location='/onerror'\"> for orders placed.</p>"
  "<object data=\"/object.swf\"><embed src=\"/embed.swf\"></object>"
  "<form action=\"/submit\"><input name=\"q\" value=\"typed\"><button>Send the form</button></form>"
  "<p style=\"background: url(/styled.png)\">Industry groups warned that the measures could push buyers "
  "towards domestic suppliers, while lawmakers welcomed a step they had requested.</p>"
  "<noscript><img src=\"/noscript.gif\">Enable scripts to read this.</noscript>"
  "<svg onload=\"location='/svg'\"><script>location='/svg-script'</script></svg>"
  "</article></div><script>while (true) {}</script></body></html>";

static const char * const resource_paths[] = {
  "/refreshed", "/evil.js", "/style.css", "/written.gif", "/stolen", "/background.png", "/onload",
  "/js-link", "/clicked", "/pixel.gif", "/frame.html", "/inline.gif", "/onerror", "/object.swf",
  "/embed.swf", "/submit", "/styled.png", "/noscript.gif", "/svg", "/svg-script",
};

/* The paths that the scripts page names for its browser to fetch. */
const char * const *
test_pages_resource_paths (guint *n)
{
  *n = G_N_ELEMENTS (resource_paths);
  return resource_paths;
}

static GBytes *
make_huge_dom (void)
{
  g_autoptr(GString) html = g_string_new ("<!DOCTYPE html><html><head><title>Chip export rules tighten again"
                                          "</title></head><body>");
  const char cell[] = "<span class=\"c\">x</span>";

  g_string_append (html, article);
  g_string_append (html, "<div class=\"grid\">");
  /* 8 MB less a little: under the page limit, so all of it is read. */
  while (html->len + sizeof cell + 64 < 8 * 1024 * 1024)
    g_string_append (html, cell);
  g_string_append (html, "</div></body></html>");
  return g_string_free_to_bytes (g_steal_pointer (&html));
}

static char *
nested (gboolean article_inside)
{
  g_autoptr(GString) html = g_string_new ("<html><head><title>Chip export rules tighten again</title></head><body>");

  if (!article_inside)
    g_string_append (html, article);
  for (guint i = 0; i < NESTING; i++)
    g_string_append (html, "<div>");
  if (article_inside)
    g_string_append (html, article);
  else
    g_string_append (html, "<p>Deep inside, a paragraph that a reader of the page never sees.</p>");
  for (guint i = 0; i < NESTING; i++)
    g_string_append (html, "</div>");
  g_string_append (html, "<footer>The end of the page, after the nesting.</footer></body></html>");
  return g_string_free (g_steal_pointer (&html), FALSE);
}

/* ---- Streams ------------------------------------------------------------ */

typedef struct {
  TestPages         *pages;
  SoupServerMessage *msg;
  gboolean           trickle;
  gboolean           ended;
  GSource           *timer;
} Stream;

static void
stream_free (Stream *stream)
{
  if (stream->timer != NULL)
    {
      g_source_destroy (stream->timer);
      g_source_unref (stream->timer);
    }
  g_free (stream);
}

static void
stream_append (Stream *stream)
{
  static char chunk[STREAM_CHUNK];
  gsize size = stream->trickle ? TRICKLE_BYTES : STREAM_CHUNK;

  if (chunk[0] == '\0')
    {
      /* Paragraphs of text, so that a reader that kept it would have an
       * article: only the limits stop it. */
      const char para[] = "<p>More of a page that never ends, sentence after sentence.</p>\n";

      for (gsize i = 0; i + sizeof para - 1 <= sizeof chunk; i += sizeof para - 1)
        memcpy (chunk + i, para, sizeof para - 1);
      for (gsize i = 0; i < sizeof chunk; i++)
        if (chunk[i] == '\0')
          chunk[i] = ' ';
    }
  soup_message_body_append (soup_server_message_get_response_body (stream->msg), SOUP_MEMORY_STATIC,
                            chunk, size);
  g_mutex_lock (&stream->pages->lock);
  stream->pages->streamed += size;
  g_mutex_unlock (&stream->pages->lock);
}

static gboolean
on_trickle_cb (gpointer data)
{
  Stream *stream = data;

  g_clear_pointer (&stream->timer, g_source_unref);
  if (!stream->ended)
    {
      stream_append (stream);
      soup_server_message_unpause (stream->msg);
    }
  return G_SOURCE_REMOVE;
}

static void
on_wrote_chunk_cb (SoupServerMessage *msg,
                   Stream            *stream)
{
  if (stream->ended)
    return;
  if (!stream->trickle)
    {
      stream_append (stream);
      return;
    }
  soup_server_message_pause (msg);
  stream->timer = g_timeout_source_new (TRICKLE_MS);
  g_source_set_callback (stream->timer, on_trickle_cb, stream, NULL);
  g_source_attach (stream->timer, g_main_context_get_thread_default ());
}

static void
on_stream_finished_cb (SoupServerMessage *msg,
                       Stream            *stream)
{
  if (stream->ended)
    return;
  stream->ended = TRUE;
  if (stream->timer != NULL)
    {
      g_source_destroy (stream->timer);
      g_clear_pointer (&stream->timer, g_source_unref);
    }
  g_mutex_lock (&stream->pages->lock);
  stream->pages->streams_ended++;
  g_mutex_unlock (&stream->pages->lock);
}

static void
start_stream (TestPages         *pages,
              SoupServerMessage *msg,
              gboolean           trickle)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  Stream *stream = g_new0 (Stream, 1);
  const char start[] = "<!DOCTYPE html><html><head><title>A page that never ends</title></head><body><article>";

  stream->pages = pages;
  stream->msg = msg;
  stream->trickle = trickle;
  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (headers, "text/html", NULL);
  /* What was sent is not kept: the server's memory stays flat. */
  soup_message_body_set_accumulate (soup_server_message_get_response_body (msg), FALSE);
  soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC,
                            start, strlen (start));
  g_signal_connect (msg, "wrote-chunk", G_CALLBACK (on_wrote_chunk_cb), stream);
  g_signal_connect (msg, "finished", G_CALLBACK (on_stream_finished_cb), stream);
  g_signal_connect (msg, "disconnected", G_CALLBACK (on_stream_finished_cb), stream);
  /* The message lives until it is finished; the stream with it. */
  g_object_set_data_full (G_OBJECT (msg), "test-stream", stream, (GDestroyNotify) stream_free);
}

/* ---- The handler -------------------------------------------------------- */

void
test_pages_handle (SoupServer        *server,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  TestPages *pages = user_data;
  const char *page = g_str_has_prefix (path, "/page/") ? path + strlen ("/page/") : "";
  gboolean down;

  g_mutex_lock (&pages->lock);
  g_hash_table_replace (pages->hits, g_strdup (path),
                        GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (pages->hits, path)) + 1));
  if (g_str_equal (page, "huge-dom") && pages->huge_dom == NULL)
    pages->huge_dom = make_huge_dom ();
  if (g_str_equal (page, "too-large") && pages->too_large == NULL)
    {
      gsize size = 9 * 1024 * 1024;
      char *body = g_malloc (size);

      for (gsize i = 0; i < size; i++)
        body[i] = "<p>A page far larger than any article.</p>\n"[i % 43];
      pages->too_large = g_bytes_new_take (body, size);
    }
  down = pages->down;
  g_mutex_unlock (&pages->lock);

  if (down && page[0] != '\0')
    soup_server_message_set_status (msg, 503, NULL);
  else if (g_str_equal (path, "/feed.xml") || g_str_equal (path, "/feed-endless.xml"))
    {
      g_autofree char *xml = NULL;

      g_mutex_lock (&pages->lock);
      xml = feed (pages, g_str_equal (path, "/feed.xml") ? NULL : "endless");
      g_mutex_unlock (&pages->lock);
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_COPY, xml, strlen (xml));
    }
  else if (g_str_equal (page, "ok") || g_str_equal (page, "ok-ar") || g_str_equal (page, "private"))
    {
      g_autofree char *name = g_strconcat (fixture_of (page), ".html", NULL);
      g_autofree char *file = test_source_path ("fixtures", "extract", name, NULL);
      char *html = NULL;
      gsize length = 0;

      g_assert_true (g_file_get_contents (file, &html, &length, NULL));
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE, html, length);
    }
  else if (g_str_equal (page, "scripts"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, scripts_page, strlen (scripts_page));
    }
  else if (g_str_equal (page, "huge-dom") || g_str_equal (page, "too-large"))
    {
      GBytes *bytes = g_str_equal (page, "huge-dom") ? pages->huge_dom : pages->too_large;

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
    }
  else if (g_str_equal (page, "nested") || g_str_equal (page, "nested-after"))
    {
      char *html = nested (g_str_equal (page, "nested"));

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_TAKE, html, strlen (html));
    }
  else if (g_str_equal (page, "endless") || g_str_equal (page, "trickle"))
    start_stream (pages, msg, g_str_equal (page, "trickle"));
  else if (g_str_equal (page, "pdf"))
    {
      static const char pdf[] = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n";

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/pdf", SOUP_MEMORY_STATIC, pdf, sizeof pdf - 1);
    }
  else
    soup_server_message_set_status (msg, 404, NULL);
}
