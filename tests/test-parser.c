/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Table-driven parser tests: every document in tests/fixtures/parser/ is
 * parsed and compared with the JSON (or the error) written beside it.
 */
#include <json-glib/json-glib.h>
#include <string.h>

#include "dossier-error.h"
#include "dossier-parser.h"

typedef struct {
  char *input;
  char *name;
} Fixture;

static void
fixture_free (gpointer data)
{
  Fixture *fixture = data;

  g_free (fixture->input);
  g_free (fixture->name);
  g_free (fixture);
}

static char *
sidecar (const char *input,
         const char *suffix)
{
  const char *dot = strrchr (input, '.');
  g_autofree char *stem = g_strndup (input, dot - input);

  return g_strconcat (stem, suffix, NULL);
}

static char *
read_sidecar_line (const char *input,
                   const char *suffix)
{
  g_autofree char *path = sidecar (input, suffix);
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;
  return g_strstrip (contents);
}

/* Walks two JSON trees and returns the first path where they differ. */
static char *
first_difference (JsonNode   *expected,
                  JsonNode   *actual,
                  const char *path)
{
  if (JSON_NODE_TYPE (expected) != JSON_NODE_TYPE (actual))
    return g_strdup_printf ("%s: node types differ", path);

  if (JSON_NODE_HOLDS_OBJECT (expected))
    {
      JsonObject *e = json_node_get_object (expected);
      JsonObject *a = json_node_get_object (actual);
      g_autoptr(GList) members = json_object_get_members (e);
      g_autoptr(GList) actual_members = json_object_get_members (a);

      for (GList *l = members; l != NULL; l = l->next)
        {
          g_autofree char *sub = g_strdup_printf ("%s.%s", path, (const char *) l->data);
          char *diff;

          if (!json_object_has_member (a, l->data))
            return g_strdup_printf ("%s: missing", sub);
          diff = first_difference (json_object_get_member (e, l->data),
                                   json_object_get_member (a, l->data), sub);
          if (diff != NULL)
            return diff;
        }
      for (GList *l = actual_members; l != NULL; l = l->next)
        if (!json_object_has_member (e, l->data))
          return g_strdup_printf ("%s.%s: unexpected member", path, (const char *) l->data);
      return NULL;
    }

  if (JSON_NODE_HOLDS_ARRAY (expected))
    {
      JsonArray *e = json_node_get_array (expected);
      JsonArray *a = json_node_get_array (actual);

      if (json_array_get_length (e) != json_array_get_length (a))
        return g_strdup_printf ("%s: %u elements expected, %u found", path,
                                json_array_get_length (e), json_array_get_length (a));
      for (guint i = 0; i < json_array_get_length (e); i++)
        {
          g_autofree char *sub = g_strdup_printf ("%s[%u]", path, i);
          char *diff = first_difference (json_array_get_element (e, i),
                                         json_array_get_element (a, i), sub);

          if (diff != NULL)
            return diff;
        }
      return NULL;
    }

  /* A recovery message names libxml2's words after the position: the
   * fixture gives the part that matters ("XML error at line 6"). */
  if (g_str_has_suffix (path, ".recovery_message") &&
      JSON_NODE_HOLDS_VALUE (expected) && JSON_NODE_HOLDS_VALUE (actual) &&
      json_node_get_value_type (actual) == G_TYPE_STRING &&
      g_str_has_prefix (json_node_get_string (actual), json_node_get_string (expected)))
    return NULL;

  if (!json_node_equal (expected, actual))
    {
      g_autofree char *e = json_to_string (expected, FALSE);
      g_autofree char *a = json_to_string (actual, FALSE);

      return g_strdup_printf ("%s: expected %s, got %s", path, e, a);
    }
  return NULL;
}

static int
error_code_from_name (const char *name)
{
  static const struct { const char *name; int code; } codes[] = {
    { "NOT_A_FEED", DOSSIER_ERROR_NOT_A_FEED },
    { "PARSE", DOSSIER_ERROR_PARSE },
    { "TOO_LARGE", DOSSIER_ERROR_TOO_LARGE },
    { "ENCODING", DOSSIER_ERROR_ENCODING },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (codes); i++)
    if (g_str_equal (name, codes[i].name))
      return codes[i].code;
  g_error ("unknown error kind %s in fixture", name);
  return -1;
}

typedef struct {
  DossierFeedJsonWriter *writer;
  GPtrArray             *titles;
} StreamState;

static void
on_item_cb (const DossierParsedFeed *feed,
            DossierParsedItem       *item,
            gpointer                 user_data)
{
  StreamState *stream = user_data;

  /* Items come out of the parser, not into the feed. */
  g_assert_cmpuint (feed->items->len, ==, 0);
  g_ptr_array_add (stream->titles, g_strdup (item->guid));
  dossier_feed_json_writer_add_item (stream->writer, feed, item);
  dossier_parsed_item_free (item);
}

/* The same document parsed item by item and written as it goes gives the
 * same JSON as the whole feed does, compact and pretty. */
static void
check_streaming (const Fixture     *fixture,
                 const char        *contents,
                 gsize              length,
                 const char        *base,
                 const char        *charset,
                 DossierParsedFeed *whole)
{
  for (int pretty = 0; pretty <= 1; pretty++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DossierParsedFeed) feed = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(JsonNode) expected = dossier_parsed_feed_to_json_node (whole);
      g_autoptr(GPtrArray) guids = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *written = NULL;
      g_autofree char *diff = NULL;
      StreamState stream = { NULL, guids };
      FILE *out = tmpfile ();
      gsize size;

      g_assert_nonnull (out);
      stream.writer = dossier_feed_json_writer_new (out, pretty);
      feed = dossier_parse_feed_each (contents, length, base, charset, on_item_cb, &stream, &error);
      g_assert_no_error (error);
      g_assert_nonnull (feed);
      g_assert_true (dossier_feed_json_writer_finish (stream.writer, feed, &error));
      g_assert_no_error (error);
      dossier_feed_json_writer_free (stream.writer);

      /* In document order, every one. */
      g_assert_cmpuint (guids->len, ==, whole->items->len);
      for (guint i = 0; i < guids->len; i++)
        g_assert_cmpstr (g_ptr_array_index (guids, i), ==,
                         ((DossierParsedItem *) g_ptr_array_index (whole->items, i))->guid);

      size = (gsize) ftell (out);
      written = g_malloc0 (size + 1);
      rewind (out);
      g_assert_cmpuint (fread (written, 1, size, out), ==, size);
      fclose (out);

      if (!json_parser_load_from_data (parser, written, size, &error))
        {
          g_test_fail_printf ("%s: streamed JSON does not parse: %s\n%s", fixture->name,
                              error->message, written);
          return;
        }
      diff = first_difference (expected, json_parser_get_root (parser), "$");
      if (diff != NULL)
        g_test_fail_printf ("%s (streamed%s): %s", fixture->name, pretty ? ", pretty" : "", diff);
    }
}

static void
test_fixture (gconstpointer data)
{
  const Fixture *fixture = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierParsedFeed) feed = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *charset = read_sidecar_line (fixture->input, ".charset");
  g_autofree char *base = read_sidecar_line (fixture->input, ".base");
  g_autofree char *error_kind = read_sidecar_line (fixture->input, ".expected-error");
  g_autofree char *expected_path = sidecar (fixture->input, ".expected.json");
  /* The feed's icon is not part of parse --json: it has a sidecar of its
   * own, the URL or an empty file for none. */
  g_autofree char *icon = read_sidecar_line (fixture->input, ".expected-icon");
  gsize length = 0;

  if (!g_file_get_contents (fixture->input, &contents, &length, NULL))
    {
      g_test_fail_printf ("cannot read %s", fixture->input);
      return;
    }

  feed = dossier_parse_feed (contents, length, base, charset, &error);

  if (error_kind != NULL)
    {
      g_assert_null (feed);
      /* A refusal says why. */
      g_assert_nonnull (error);
      g_test_message ("error: %s", error->message);
      g_assert_error (error, DOSSIER_ERROR, error_code_from_name (error_kind));
      /* An error is one readable line. */
      g_assert_null (strchr (error->message, '\n'));
      return;
    }

  g_assert_no_error (error);
  /* No feed without an error is a parser bug, never a pass. */
  g_assert_nonnull (feed);

  check_streaming (fixture, contents, length, base, charset, feed);

  if (icon != NULL)
    g_assert_cmpstr (feed->icon, ==, icon[0] != '\0' ? icon : NULL);

  /* What parse --json does not print but the store keeps: each item's
   * language and its unreadable date, in a sidecar of their own. */
  {
    g_autofree char *extra_path = sidecar (fixture->input, ".expected-extra.json");
    g_autoptr(JsonParser) parser = json_parser_new ();

    if (g_file_test (extra_path, G_FILE_TEST_EXISTS))
      {
        JsonArray *items;

        g_assert_true (json_parser_load_from_file (parser, extra_path, NULL));
        items = json_node_get_array (json_parser_get_root (parser));
        g_assert_cmpuint (json_array_get_length (items), ==, feed->items->len);
        for (guint i = 0; i < feed->items->len; i++)
          {
            const DossierParsedItem *item = g_ptr_array_index (feed->items, i);
            JsonObject *expected = json_array_get_object_element (items, i);

            if (json_object_has_member (expected, "language"))
              g_assert_cmpstr (item->language, ==,
                               json_object_get_string_member_with_default (expected, "language", NULL));
            if (json_object_has_member (expected, "date_text"))
              g_assert_cmpstr (item->date_text, ==,
                               json_object_get_string_member_with_default (expected, "date_text", NULL));
          }
      }
  }

  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(JsonNode) actual = dossier_parsed_feed_to_json_node (feed);
    g_autoptr(GError) json_error = NULL;
    g_autofree char *diff = NULL;

    if (!json_parser_load_from_file (parser, expected_path, &json_error))
      {
        g_test_fail_printf ("%s: %s", expected_path, json_error->message);
        return;
      }

    diff = first_difference (json_parser_get_root (parser), actual, "$");
    if (diff != NULL)
      {
        g_autofree char *text = dossier_parsed_feed_to_json (feed, TRUE);

        g_test_message ("parsed:\n%s", text);
        g_test_fail_printf ("%s: %s", fixture->name, diff);
      }
  }
}

/* Whatever a string holds, the streamed JSON reads back as it. */
static void
test_stream_escapes (void)
{
  g_autoptr(DossierParsedFeed) feed = dossier_parsed_feed_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  DossierParsedItem *item = dossier_parsed_item_new ();
  const char *title = "quote \" backslash \\ tab \t nl \n cr \r bell \a del \x7f "
                      "nul-free \x1f end إنفيديا \xe2\x80\xa8 \xf0\x9f\x98\x80";
  g_autofree char *written = NULL;
  JsonObject *object;
  FILE *out = tmpfile ();
  long size;

  feed->format = DOSSIER_FEED_FORMAT_RSS20;
  feed->title = g_strdup ("\"feed\" \\ title");
  item->guid = g_strdup ("g");
  item->title = g_strdup (title);
  g_ptr_array_add (item->categories, g_strdup ("a\"b"));
  for (int pretty = 0; pretty <= 1; pretty++)
    {
      DossierFeedJsonWriter *writer = dossier_feed_json_writer_new (out, pretty);

      rewind (out);
      dossier_feed_json_writer_add_item (writer, feed, item);
      g_assert_true (dossier_feed_json_writer_finish (writer, feed, &error));
      dossier_feed_json_writer_free (writer);
      size = ftell (out);
      g_free (written);
      written = g_malloc0 (size + 1);
      rewind (out);
      g_assert_cmpint (fread (written, 1, size, out), ==, size);

      g_assert_true (json_parser_load_from_data (parser, written, size, &error));
      g_assert_no_error (error);
      object = json_node_get_object (json_parser_get_root (parser));
      g_assert_cmpstr (json_object_get_string_member (object, "title"), ==, feed->title);
      object = json_array_get_object_element (json_object_get_array_member (object, "items"), 0);
      g_assert_cmpstr (json_object_get_string_member (object, "title"), ==, title);
      g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (object, "categories"), 0),
                       ==, "a\"b");
    }
  fclose (out);
  dossier_parsed_item_free (item);
}

static gboolean
is_input (const char *name)
{
  return !g_str_has_suffix (name, ".expected.json") &&
         !g_str_has_suffix (name, ".expected-error") &&
         !g_str_has_suffix (name, ".expected-icon") &&
         !g_str_has_suffix (name, ".expected-extra.json") &&
         !g_str_has_suffix (name, ".charset") &&
         !g_str_has_suffix (name, ".base") &&
         !g_str_has_suffix (name, ".py") &&
         !g_str_has_suffix (name, ".md") &&
         name[0] != '.';
}

/* A web page given for a feed says where the feed it names is, resolved
 * against the page's address; a page naming none says only what it is. */
static void
test_page_names_feed (void)
{
  const char *page =
    "<!DOCTYPE html>\n<html><head><title>Desk</title>"
    "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"/feed.xml\"></head>"
    "<body><p>News</p></body></html>";
  const char *bare = "<!DOCTYPE html>\n<html><head><title>Desk</title></head><body></body></html>";
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) bare_error = NULL;
  DossierParsedFeed *feed = dossier_parse_feed (page, strlen (page), "https://desk.example/blog/", NULL, &error);

  g_assert_null (feed);
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_NOT_A_FEED);
  g_assert_nonnull (strstr (error->message, "https://desk.example/feed.xml"));

  feed = dossier_parse_feed (bare, strlen (bare), "https://desk.example/", NULL, &bare_error);
  g_assert_null (feed);
  g_assert_error (bare_error, DOSSIER_ERROR, DOSSIER_ERROR_NOT_A_FEED);
  g_assert_null (strstr (bare_error->message, "http"));
}

/* Relative addresses in a story's HTML follow the xml:base in force where
 * the HTML is (RFC 4287 and XML Base), not the story's link; without one
 * they are left for the story view to resolve against the link. */
static void
test_html_xml_base (void)
{
  const char *atom =
    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"https://b.example/blog/\"><title>B</title>"
    "<entry><id>b-1</id><title>T</title><link href=\"2025/07/post\"/>"
    "<content type=\"html\" xml:base=\"media/\">&lt;p&gt;&lt;img alt=\"x\" src=\"a.png\"&gt; "
    "&lt;a href='/top'&gt;top&lt;/a&gt; &lt;a href=\"https://abs.example/\"&gt;abs&lt;/a&gt; "
    "&lt;a href=\"#note\"&gt;note&lt;/a&gt; &lt;img data-src=\"d.png\" srcset=\"s.png 2x\"&gt;&lt;/p&gt;"
    "</content></entry></feed>";
  const char *rss =
    "<rss version=\"2.0\"><channel><title>R</title><item><guid>r-1</guid>"
    "<description>&lt;img src=\"a.png\"&gt; text</description></item></channel></rss>";
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierParsedFeed) feed = dossier_parse_feed (atom, strlen (atom), "https://b.example/feed.atom",
                                                         NULL, &error);
  g_autoptr(DossierParsedFeed) plain = NULL;
  DossierParsedItem *item;

  g_assert_no_error (error);
  item = g_ptr_array_index (feed->items, 0);
  g_assert_cmpstr (item->link, ==, "https://b.example/blog/2025/07/post");
  g_assert_nonnull (strstr (item->html, "src=\"https://b.example/blog/media/a.png\""));
  g_assert_nonnull (strstr (item->html, "href='https://b.example/top'"));
  g_assert_nonnull (strstr (item->html, "href=\"https://abs.example/\""));
  g_assert_nonnull (strstr (item->html, "href=\"#note\""));
  g_assert_nonnull (strstr (item->html, "data-src=\"d.png\" srcset=\"s.png 2x\""));

  plain = dossier_parse_feed (rss, strlen (rss), "https://r.example/feed.xml", NULL, &error);
  g_assert_no_error (error);
  item = g_ptr_array_index (plain->items, 0);
  g_assert_nonnull (strstr (item->html, "src=\"a.png\""));
}

int
main (int argc, char **argv)
{
  g_autofree char *dir_path = NULL;
  g_autoptr(GPtrArray) fixtures = g_ptr_array_new_with_free_func (fixture_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_test_init (&argc, &argv, NULL);
  /* One bad fixture must not hide the others. */
  g_test_set_nonfatal_assertions ();

  dir_path = g_test_build_filename (G_TEST_DIST, "fixtures", "parser", NULL);
  dir = g_dir_open (dir_path, 0, NULL);
  g_assert_nonnull (dir);

  while ((name = g_dir_read_name (dir)) != NULL)
    if (is_input (name))
      g_ptr_array_add (names, (gpointer) g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) (void (*) (void)) g_strcmp0);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *file = g_ptr_array_index (names, i);
      Fixture *fixture = g_new0 (Fixture, 1);
      const char *dash = strchr (file, '-');
      g_autofree char *area = dash ? g_strndup (file, dash - file) : g_strdup ("misc");
      g_autofree char *stem = g_strndup (file, strrchr (file, '.') - file);
      g_autofree char *test_path = g_strdup_printf ("/parser/%s/%s", area, stem);

      fixture->input = g_build_filename (dir_path, file, NULL);
      fixture->name = g_strdup (file);
      g_ptr_array_add (fixtures, fixture);
      g_test_add_data_func (test_path, fixture, test_fixture);
    }

  g_test_add_func ("/parser/stream/escapes", test_stream_escapes);
  g_test_add_func ("/parser/page-names-feed", test_page_names_feed);
  g_test_add_func ("/parser/html-xml-base", test_html_xml_base);

  /* A corpus that shrank by accident must not pass quietly. */
  g_assert_cmpuint (fixtures->len, >=, 150);

  return g_test_run ();
}
