/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The reading commands of dossier-cli over a real database and a
 * SoupServer on 127.0.0.1: extract (a file and an address, its text and
 * --json as DESIGN.md gives it, hostile pages), fetch-article, cite in
 * its three formats and in the story's language whatever the
 * interface's, export --format markdown, and set --full-article on|off
 * as a refresh obeys it. */

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "dossier-reading-private.h"
#include "dossier-store.h"
#include "test-pages.h"
#include "test-util.h"

typedef struct {
  TestPages  *pages;
  TestServer *server;
  char       *base;
  char       *dir;
  char       *db;
} Fixture;

/* Two feeds of one story each, dated and signed, for citations. */
static const char cite_en[] =
  "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
  "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel>"
  "<title>Tech Wire</title><link>https://wire.example/</link><language>en</language>"
  "<item><title>Chip export rules tighten again</title><link>https://wire.example/chips</link>"
  "<guid>en-1</guid><dc:creator>Jane Doe</dc:creator><pubDate>Mon, 14 Jul 2025 09:30:00 GMT</pubDate>"
  "<description>&lt;p&gt;The Commerce Department widened its export controls on advanced chips.&lt;/p&gt;"
  "&lt;p&gt;Officials said the rules would be reviewed case by case.&lt;/p&gt;</description></item>"
  "</channel></rss>";

static const char cite_ar[] =
  "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
  "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel>"
  "<title>الخليج</title><link>https://khaleej.example/</link><language>ar</language>"
  "<item><title>قواعد تصدير الرقائق تشتد مجددًا</title><link>https://khaleej.example/chips</link>"
  "<guid>ar-1</guid><dc:creator>سارة أحمد</dc:creator><pubDate>Tue, 15 Jul 2025 06:00:00 GMT</pubDate>"
  "<description>وسّعت وزارة التجارة الأمريكية ضوابط تصدير الرقائق المتقدمة يوم الثلاثاء.</description></item>"
  "</channel></rss>";

static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  if (g_str_equal (path, "/cite/en.xml") || g_str_equal (path, "/cite/ar.xml"))
    {
      const char *xml = g_str_equal (path, "/cite/en.xml") ? cite_en : cite_ar;

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_STATIC, xml, strlen (xml));
      return;
    }
  test_pages_handle (server, msg, path, query, user_data);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->pages = test_pages_new ();
  f->server = test_server_start (handle, f->pages);
  f->base = g_strdup (test_server_url (f->server));
  test_pages_set_base (f->pages, f->base);
  f->dir = test_make_temp_dir ();
  f->db = g_build_filename (f->dir, "dossier.db", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  test_server_stop (f->server);
  test_pages_free (f->pages);
  g_free (f->base);
  g_free (f->db);
  g_free (f->dir);
}

static char *
url (Fixture    *f,
     const char *path)
{
  return g_strconcat (f->base, path, NULL);
}

/* The labelled paragraphs of a fixture page (its .expected.txt after the
 * title and the blank line). */
static GStrv
labelled_paragraphs (const char *page,
                     char      **title)
{
  g_autofree char *label = test_pages_expected (page);
  const char *body = strstr (label, "\n\n");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) lines = NULL;

  g_assert_nonnull (body);
  *title = g_strndup (label, body - label);
  lines = g_strsplit (body + 2, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      g_strv_builder_add (builder, lines[i]);
  return g_strv_builder_end (builder);
}

/* The id of the story whose link ends in @suffix, from list --json. */
static char *
story_id (Fixture    *f,
          const char *suffix)
{
  g_autofree char *out = test_cli_ok (f->db, "list", "--json", "--limit", "100", NULL);
  g_autoptr(JsonNode) root = test_parse_json (out);
  JsonArray *articles = json_object_get_array_member (json_node_get_object (root), "articles");

  for (guint i = 0; i < json_array_get_length (articles); i++)
    {
      JsonObject *a = json_array_get_object_element (articles, i);
      const char *link = json_object_get_string_member_with_default (a, "link", "");

      if (g_str_has_suffix (link, suffix))
        return g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (a, "id"));
    }
  g_error ("no story links to …%s", suffix);
}

/* ---- extract ------------------------------------------------------------- */

/* extract --json is exactly {"title", "text", "paragraphs": [..]}, and the
 * paragraphs are the text's. */
static JsonObject *
assert_extract_json (JsonNode   *root,
                     const char *title,
                     GStrv       paragraphs)
{
  JsonObject *o = json_node_get_object (root);
  JsonArray *array;
  g_autoptr(GString) joined = g_string_new (NULL);

  g_assert_cmpuint (json_object_get_size (o), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (o, "title"), ==, title);
  array = json_object_get_array_member (o, "paragraphs");
  g_assert_nonnull (array);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *p = json_array_get_string_element (array, i);

      g_assert_nonnull (p);
      g_assert_cmpstr (p, !=, "");
      g_string_append_printf (joined, "%s%s", i > 0 ? "\n" : "", p);
    }
  g_assert_cmpstr (json_object_get_string_member (o, "text"), ==, joined->str);
  /* Every labelled paragraph is one of them. */
  for (guint i = 0; paragraphs[i] != NULL; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < json_array_get_length (array) && !found; j++)
        found = g_str_equal (json_array_get_string_element (array, j), paragraphs[i]);
      if (!found)
        g_error ("the paragraph “%s” is not in extract --json", paragraphs[i]);
    }
  return o;
}

static void
test_extract_file (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *title = NULL;
  g_auto(GStrv) paragraphs = labelled_paragraphs ("ok", &title);
  g_autofree char *file = test_source_path ("fixtures", "extract", "08-en-spglobal.html", NULL);
  g_autofree char *out = test_cli_ok (f->db, "extract", file, NULL);
  g_autofree char *json = test_cli_ok (f->db, "extract", file, "--json", NULL);
  g_autoptr(JsonNode) root = test_parse_json (json);
  g_autofree char *head = g_strconcat (title, "\n\n", NULL);

  /* Plain: the title, a blank line, a paragraph a line. */
  g_assert_true (g_str_has_prefix (out, head));
  for (guint i = 0; paragraphs[i] != NULL; i++)
    {
      g_autofree char *line = g_strconcat ("\n", paragraphs[i], "\n", NULL);

      g_assert_nonnull (strstr (out, line));
    }
  g_assert_null (strstr (out, "<"));
  assert_extract_json (root, title, paragraphs);

  /* A file:// address is the file. */
  {
    g_autofree char *uri = g_filename_to_uri (file, NULL, NULL);
    g_autofree char *again = test_cli_ok (f->db, "extract", uri, NULL);

    g_assert_cmpstr (again, ==, out);
  }

  /* What is not a page says so in one line. */
  {
    g_autofree char *missing = g_build_filename (f->dir, "missing.html", NULL);
    g_autofree char *empty = g_build_filename (f->dir, "empty.html", NULL);
    g_autofree char *big = g_build_filename (f->dir, "big.html", NULL);
    g_autofree char *menu = g_build_filename (f->dir, "menu.html", NULL);
    g_autoptr(GString) huge = g_string_new (NULL);
    g_autoptr(GError) error = NULL;

    test_cli_fails (f->db, "missing.html", "extract", missing, NULL);
    g_assert_true (g_file_set_contents (empty, "", 0, &error));
    test_cli_fails (f->db, "The page is empty", "extract", empty, NULL);
    g_assert_true (g_file_set_contents (menu, "<html><body><nav><a href=/a>Home</a> <a href=/b>World</a></nav>"
                                        "</body></html>", -1, &error));
    test_cli_fails (f->db, "No article text was found", "extract", menu, NULL);
    while (huge->len <= 9 * 1024 * 1024)
      g_string_append (huge, "<p>A page far larger than any article, paragraph after paragraph.</p>\n");
    g_assert_true (g_file_set_contents (big, huge->str, huge->len, &error));
    test_cli_fails (f->db, "larger than 8 MB", "extract", big, NULL);
    test_cli_fails (f->db, "Usage: dossier-cli extract", "extract", NULL);
    test_cli_fails (f->db, "Usage: dossier-cli extract", "extract", file, "--bogus", NULL);
  }
}

static void
test_extract_url (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *title = NULL;
  g_auto(GStrv) paragraphs = labelled_paragraphs ("ok-ar", &title);
  g_autofree char *page = url (f, "/page/ok-ar");
  g_autofree char *json = test_cli_ok (f->db, "extract", page, "--json", NULL);
  g_autoptr(JsonNode) root = test_parse_json (json);

  assert_extract_json (root, title, paragraphs);

  /* A page of scripts: its article, none of its code, and nothing it
   * names fetched. */
  {
    g_autofree char *scripts = url (f, "/page/scripts");
    g_autofree char *out = test_cli_ok (f->db, "extract", scripts, NULL);
    const char * const *paths;
    guint n;

    g_assert_true (g_str_has_prefix (out, "Chip export rules tighten again\n\n"));
    g_assert_nonnull (strstr (out, "the notice says"));
    g_assert_nonnull (strstr (out, "Industry groups warned"));
    g_assert_null (strstr (out, "location"));
    g_assert_null (strstr (out, "Enable scripts"));
    paths = test_pages_resource_paths (&n);
    for (guint i = 0; i < n; i++)
      g_assert_cmpuint (test_pages_hits (f->pages, paths[i]), ==, 0);
  }

  /* Hostile pages end with a line that says why, in bounded time. */
  {
    static const struct { const char *page, *says; } hostile[] = {
      { "/page/endless", "larger than 8 MB" },
      { "/page/too-large", "larger than 8 MB" },
      { "/page/nested", "more than 256 deep" },
      { "/page/gone", "404" },
      { "/page/pdf", "application/pdf" },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (hostile); i++)
      {
        g_autofree char *address = url (f, hostile[i].page);
        gint64 start = g_get_monotonic_time ();

        test_cli_fails (f->db, hostile[i].says, "extract", address, NULL);
        /* Far under the page fetcher's two minutes. */
        g_assert_cmpint (g_get_monotonic_time () - start, <, 60 * G_USEC_PER_SEC);
      }
  }
  /* The huge DOM and the deep nesting after the article still give it. */
  {
    g_autofree char *huge = url (f, "/page/huge-dom");
    g_autofree char *nested = url (f, "/page/nested-after");
    g_autofree char *out1 = test_cli_ok (f->db, "extract", huge, NULL);
    g_autofree char *out2 = test_cli_ok (f->db, "extract", nested, NULL);

    g_assert_nonnull (strstr (out1, "Industry groups warned"));
    g_assert_nonnull (strstr (out2, "Industry groups warned"));
    g_assert_null (strstr (out2, "Deep inside"));
  }
}

/* ---- fetch-article and set --full-article -------------------------------- */

static DossierStoryText *
stored_text (Fixture    *f,
             const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = dossier_store_open (f->db, &error);
  DossierStoryText *text;

  g_assert_no_error (error);
  text = dossier_store_get_story_text (store, g_ascii_strtoll (id, NULL, 10), &error);
  g_assert_no_error (error);
  return text;
}

static char *
stored_plain (Fixture    *f,
              const char *id)
{
  g_autoptr(DossierStore) store = dossier_store_open (f->db, NULL);

  return dossier_store_story_text_plain (store, g_ascii_strtoll (id, NULL, 10));
}

static void
subscribe_pages (Fixture *f)
{
  g_autofree char *feed = url (f, "/feed.xml");
  g_autofree char *out = test_cli_ok (f->db, "add", feed, NULL);

  g_clear_pointer (&out, g_free);
  out = test_cli_ok (f->db, "refresh", NULL);
}

static void
test_fetch_article (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *title = NULL;
  g_auto(GStrv) paragraphs = labelled_paragraphs ("ok", &title);
  g_autofree char *ok = NULL;
  g_autofree char *gone = NULL;
  g_autofree char *endless = NULL;
  g_autofree char *page = url (f, "/page/ok");
  g_autofree char *expected = NULL;
  g_autofree char *out = NULL;
  g_autofree char *plain = NULL;
  g_autoptr(DossierStoryText) text = NULL;

  subscribe_pages (f);
  /* The feed does not ask for full articles: the refresh fetched none. */
  g_assert_cmpuint (test_pages_hits (f->pages, "/page/ok"), ==, 0);
  ok = story_id (f, "/page/ok");
  gone = story_id (f, "/page/gone");
  endless = story_id (f, "/page/endless");

  out = test_cli_ok (f->db, "fetch-article", ok, NULL);
  expected = g_strdup_printf ("Full article: %u paragraphs from %s\n", g_strv_length (paragraphs), page);
  g_assert_cmpstr (out, ==, expected);
  g_assert_cmpuint (test_pages_hits (f->pages, "/page/ok"), ==, 1);
  text = stored_text (f, ok);
  g_assert_cmpint (text->full_state, ==, DOSSIER_FULL_OK);
  plain = stored_plain (f, ok);
  for (guint i = 0; paragraphs[i] != NULL; i++)
    g_assert_nonnull (strstr (plain, paragraphs[i]));
  g_clear_pointer (&text, dossier_story_text_free);

  /* A dead page and an endless one: a line that says why, the story's
   * feed text kept, the failure recorded. */
  test_cli_fails (f->db, "404", "fetch-article", gone, NULL);
  test_cli_fails (f->db, "larger than 8 MB", "fetch-article", endless, NULL);
  text = stored_text (f, gone);
  g_assert_cmpint (text->full_state, ==, DOSSIER_FULL_FAILED);
  g_assert_nonnull (strstr (text->full_error, "404"));
  {
    g_autofree char *summary = test_pages_summary ("gone");
    g_autofree char *kept = stored_plain (f, gone);

    g_assert_cmpstr (text->text, ==, summary);
    g_assert_cmpstr (kept, ==, summary);
  }

  /* The site goes down: the article fetched before stays. */
  test_pages_set_down (f->pages, TRUE);
  test_cli_fails (f->db, "503", "fetch-article", ok, NULL);
  g_clear_pointer (&plain, g_free);
  plain = stored_plain (f, ok);
  for (guint i = 0; paragraphs[i] != NULL; i++)
    g_assert_nonnull (strstr (plain, paragraphs[i]));

  /* A page on this computer under another name than its feed's host is
   * refused before it is asked for. */
  {
    g_autofree char *private = story_id (f, "/page/private");

    test_cli_fails (f->db, "a local address that its feed does not come from", "fetch-article", private, NULL);
    g_assert_cmpuint (test_pages_hits (f->pages, "/page/private"), ==, 0);
  }

  test_cli_fails (f->db, "Usage: dossier-cli fetch-article", "fetch-article", NULL);
  test_cli_fails (f->db, "Usage: dossier-cli fetch-article", "fetch-article", "x", NULL);
  test_cli_fails (f->db, "999", "fetch-article", "999", NULL);
}

static void
test_set_full_article (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *feed = url (f, "/feed.xml");
  g_autofree char *out = NULL;
  g_autofree char *ok = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *other_db = g_build_filename (f->dir, "other.db", NULL);

  out = test_cli_ok (f->db, "add", feed, NULL);
  g_clear_pointer (&out, g_free);
  out = test_cli_ok (f->db, "set", "1", "--full-article", "on", NULL);
  g_assert_cmpstr (out, ==, "Feed 1 updated\n");
  g_clear_pointer (&out, g_free);
  out = test_cli_ok (f->db, "refresh", NULL);
  /* On: the refresh fetched the new stories' pages and keeps what they
   * gave. */
  g_assert_cmpuint (test_pages_hits (f->pages, "/page/ok"), ==, 1);
  g_assert_cmpuint (test_pages_hits (f->pages, "/page/ok-ar"), ==, 1);
  ok = story_id (f, "/page/ok");
  plain = stored_plain (f, ok);
  g_assert_nonnull (strstr (plain, "Lawmakers are calling upon US President Donald Trump"));

  /* Off again, in another database: its refresh fetches no page. */
  g_clear_pointer (&out, g_free);
  out = test_cli_ok (other_db, "add", feed, NULL);
  g_clear_pointer (&out, g_free);
  out = test_cli_ok (other_db, "set", "1", "--full-article", "on", NULL);
  g_clear_pointer (&out, g_free);
  out = test_cli_ok (other_db, "set", "1", "--full-article", "off", NULL);
  g_assert_cmpstr (out, ==, "Feed 1 updated\n");
  g_clear_pointer (&out, g_free);
  out = test_cli_ok (other_db, "refresh", NULL);
  g_assert_cmpuint (test_pages_hits (f->pages, "/page/ok"), ==, 1);
  g_assert_cmpuint (test_pages_hits (f->pages, "/page/ok-ar"), ==, 1);

  test_cli_fails (f->db, "--full-article is on or off, not “yes”", "set", "1", "--full-article", "yes", NULL);
  test_cli_fails (f->db, "needs a value", "set", "1", "--full-article", NULL);
  test_cli_fails (f->db, "42", "set", "42", "--full-article", "on", NULL);
}

/* ---- cite and export --format markdown ----------------------------------- */

static void
subscribe_cite (Fixture *f)
{
  g_autofree char *en = url (f, "/cite/en.xml");
  g_autofree char *ar = url (f, "/cite/ar.xml");
  g_autofree char *out = test_cli_ok (f->db, "add", en, NULL);

  g_clear_pointer (&out, g_free);
  out = test_cli_ok (f->db, "add", ar, NULL);
  g_clear_pointer (&out, g_free);
  out = test_cli_ok (f->db, "refresh", NULL);
}

/* dossier-cli cite with the interface in @language: set for the child
 * alone, as the server's thread reads the environment. */
static char *
cite_in (Fixture    *f,
         const char *language,
         const char *id,
         const char *format)
{
  const char *argv[] = { g_getenv ("DOSSIER_CLI"), "--db", f->db, "cite", id, "--format", format, NULL };
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "LANGUAGE", language, TRUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;

  if (format == NULL)
    argv[5] = NULL;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status,
                               &error));
  g_assert_no_error (error);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static void
test_cite (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *en = NULL;
  g_autofree char *ar = NULL;
  g_autoptr(GDateTime) today = g_date_time_new_now_utc ();
  g_autofree char *urldate = g_date_time_format (today, "%Y-%m-%d");
  const char *interfaces[] = { "en", "ar" };

  subscribe_cite (f);
  en = story_id (f, "wire.example/chips");
  ar = story_id (f, "khaleej.example/chips");

  /* The story's language decides, not the interface's. */
  for (gsize i = 0; i < G_N_ELEMENTS (interfaces); i++)
    {
      g_autofree char *text_en = NULL, *text_ar = NULL, *default_en = NULL;
      g_autofree char *md_en = NULL, *md_ar = NULL, *bib_en = NULL, *bib_ar = NULL;
      g_autofree char *expected_bib_en = NULL, *expected_bib_ar = NULL;

      default_en = cite_in (f, interfaces[i], en, NULL);
      text_en = cite_in (f, interfaces[i], en, "text");
      text_ar = cite_in (f, interfaces[i], ar, "text");
      md_en = cite_in (f, interfaces[i], en, "markdown");
      md_ar = cite_in (f, interfaces[i], ar, "markdown");
      bib_en = cite_in (f, interfaces[i], en, "bibtex");
      bib_ar = cite_in (f, interfaces[i], ar, "bibtex");

      g_assert_cmpstr (text_en, ==,
                       "Jane Doe, “Chip export rules tighten again”, Tech Wire, 14 July 2025. "
                       "https://wire.example/chips\n");
      g_assert_cmpstr (default_en, ==, text_en);
      g_assert_cmpstr (text_ar, ==,
                       "سارة أحمد، «قواعد تصدير الرقائق تشتد مجددًا»، الخليج، 15 يوليو 2025. "
                       "https://khaleej.example/chips\n");
      g_assert_cmpstr (md_en, ==,
                       "Jane Doe, “[Chip export rules tighten again](https://wire.example/chips)”, *Tech Wire*, "
                       "14 July 2025.\n");
      g_assert_cmpstr (md_ar, ==,
                       "سارة أحمد، «[قواعد تصدير الرقائق تشتد مجددًا](https://khaleej.example/chips)»، *الخليج*، "
                       "15 يوليو 2025.\n");
      expected_bib_en = g_strdup_printf ("@misc{doe2025chip,\n"
                                         "  author       = {Jane Doe},\n"
                                         "  title        = {{Chip export rules tighten again}},\n"
                                         "  howpublished = {Tech Wire},\n"
                                         "  year         = {2025},\n"
                                         "  month        = jul,\n"
                                         "  day          = {14},\n"
                                         "  url          = {https://wire.example/chips},\n"
                                         "  urldate      = {%s},\n"
                                         "  language     = {english}\n"
                                         "}\n", urldate);
      g_assert_cmpstr (bib_en, ==, expected_bib_en);
      /* No ASCII word to make a key of: the outlet's place is taken by
       * the program's name, the title's by the story's id. */
      expected_bib_ar = g_strdup_printf ("@misc{dossier2025-%s,\n"
                                         "  author       = {سارة أحمد},\n"
                                         "  title        = {{قواعد تصدير الرقائق تشتد مجددًا}},\n"
                                         "  howpublished = {الخليج},\n"
                                         "  year         = {2025},\n"
                                         "  month        = jul,\n"
                                         "  day          = {15},\n"
                                         "  url          = {https://khaleej.example/chips},\n"
                                         "  urldate      = {%s},\n"
                                         "  language     = {arabic}\n"
                                         "}\n", ar, urldate);
      g_assert_cmpstr (bib_ar, ==, expected_bib_ar);
    }
  /* Options in any order. */
  {
    g_autofree char *first = test_cli_ok (f->db, "cite", "--format", "bibtex", ar, NULL);
    g_autofree char *last = cite_in (f, "en", ar, "bibtex");

    g_assert_cmpstr (first, ==, last);
  }

  test_cli_fails (f->db, "The citation format is text, markdown or bibtex, not “apa”", "cite", en, "--format",
                  "apa", NULL);
  test_cli_fails (f->db, "Usage: dossier-cli cite", "cite", NULL);
  test_cli_fails (f->db, "Usage: dossier-cli cite", "cite", "abc", NULL);
  test_cli_fails (f->db, "999", "cite", "999", NULL);
}

static void
test_export_markdown (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *only_ar = NULL;
  const char *story_en, *story_ar;

  subscribe_cite (f);
  out = test_cli_ok (f->db, "export", "--format", "markdown", NULL);

  /* Each story: its title linked, its outlet and date in its own
   * language, its first paragraph; the newest first. */
  story_ar = strstr (out, "## [قواعد تصدير الرقائق تشتد مجددًا](https://khaleej.example/chips)\n\n"
                          "*الخليج* · 15 يوليو 2025\n\n"
                          "وسّعت وزارة التجارة الأمريكية ضوابط تصدير الرقائق المتقدمة يوم الثلاثاء.\n");
  story_en = strstr (out, "## [Chip export rules tighten again](https://wire.example/chips)\n\n"
                          "*Tech Wire* · 14 July 2025\n\n"
                          "The Commerce Department widened its export controls on advanced chips.\n");
  g_assert_nonnull (story_ar);
  g_assert_nonnull (story_en);
  g_assert_true (story_ar < story_en);
  /* Only the first paragraph. */
  g_assert_null (strstr (out, "case by case"));
  g_assert_null (strstr (out, "<p>"));

  /* The list's filters choose the stories. */
  only_ar = test_cli_ok (f->db, "export", "--format", "markdown", "--feed", "2", NULL);
  g_assert_nonnull (strstr (only_ar, "قواعد تصدير الرقائق"));
  g_assert_null (strstr (only_ar, "Chip export rules"));

  test_cli_fails (f->db, "The export format is csv, json or markdown, not “docx”", "export", "--format", "docx", NULL);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli/reading/extract-file", Fixture, NULL, fixture_set_up, test_extract_file, fixture_tear_down);
  g_test_add ("/cli/reading/extract-url", Fixture, NULL, fixture_set_up, test_extract_url, fixture_tear_down);
  g_test_add ("/cli/reading/fetch-article", Fixture, NULL, fixture_set_up, test_fetch_article, fixture_tear_down);
  g_test_add ("/cli/reading/set-full-article", Fixture, NULL, fixture_set_up, test_set_full_article,
              fixture_tear_down);
  g_test_add ("/cli/reading/cite", Fixture, NULL, fixture_set_up, test_cite, fixture_tear_down);
  g_test_add ("/cli/reading/export-markdown", Fixture, NULL, fixture_set_up, test_export_markdown,
              fixture_tear_down);
  return g_test_run ();
}
