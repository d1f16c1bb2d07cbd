/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Limits and robustness: oversize documents, too many items, and every
 * prefix of real fixtures (a feed cut off anywhere must not crash and must
 * either fail cleanly or keep what came before the cut).
 */
#include <string.h>

#include "dossier-error.h"
#include "dossier-parser.h"
#include "dossier-xml-repair.h"
#include "dossier-parser-limits.h"

static void
test_hostile_oversize (void)
{
  gsize size = DOSSIER_PARSER_MAX_DOCUMENT_SIZE + 1;
  g_autofree char *data = g_malloc (size);
  g_autoptr(GError) error = NULL;
  DossierParsedFeed *feed;

  memset (data, ' ', size);
  memcpy (data, "<rss>", 5);
  feed = dossier_parse_feed (data, size, NULL, NULL, &error);
  g_assert_null (feed);
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_TOO_LARGE);
}

static void
test_hostile_too_many_items (void)
{
  g_autoptr(GString) doc = g_string_new ("<rss version=\"2.0\"><channel><title>Many</title>");
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierParsedFeed) feed = NULL;

  for (int i = 0; i < DOSSIER_PARSER_MAX_ITEMS + 10; i++)
    g_string_append_printf (doc, "<item><guid>%d</guid></item>", i);
  g_string_append (doc, "</channel></rss>");

  feed = dossier_parse_feed (doc->str, doc->len, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (feed->items->len, ==, DOSSIER_PARSER_MAX_ITEMS);
  g_assert_true (feed->recovered);
  g_assert_nonnull (strstr (feed->recovery_message, "items"));
}

static void
test_hostile_json_depth (void)
{
  g_autoptr(GString) doc = g_string_new ("{\"version\":\"https://jsonfeed.org/version/1.1\",\"x\":");
  g_autoptr(GError) error = NULL;
  DossierParsedFeed *feed;

  for (int i = 0; i < 100000; i++)
    g_string_append_c (doc, '[');
  feed = dossier_parse_feed (doc->str, doc->len, NULL, NULL, &error);
  g_assert_null (feed);
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_TOO_LARGE);
}

static void
check_every_prefix (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "parser", name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(DossierParsedFeed) full = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  full = dossier_parse_feed (contents, length, NULL, NULL, NULL);
  g_assert_nonnull (full);

  for (gsize cut = 0; cut < length; cut++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DossierParsedFeed) feed = dossier_parse_feed (contents, cut, NULL, NULL, &error);

      if (feed == NULL)
        {
          g_assert_nonnull (error);
          g_assert_true (error->domain == DOSSIER_ERROR);
          continue;
        }

      g_assert_no_error (error);
      /* A cut never invents items, and the ones kept come first. */
      g_assert_cmpuint (feed->items->len, <=, full->items->len);
      for (guint i = 0; i < feed->items->len; i++)
        {
          DossierParsedItem *a = g_ptr_array_index (feed->items, i);
          DossierParsedItem *b = g_ptr_array_index (full->items, i);

          g_assert_cmpstr (a->guid, ==, b->guid);
        }
      g_free (dossier_parsed_feed_to_json (feed, FALSE));
    }
}

static void
test_hostile_prefixes_rss (void)
{
  check_every_prefix ("content-encoded.rss");
}

static void
test_hostile_prefixes_atom (void)
{
  check_every_prefix ("atom10-full.atom");
}

static void
test_hostile_prefixes_json (void)
{
  check_every_prefix ("json-feed11.json");
}

/* The reference repair is libxml2's input, not a copy of the document:
 * five million bare ampersands (25 MB once escaped) are read through it,
 * and the stories that hold them are there. A little repair gives what it
 * meant. */
static void
test_hostile_repair_growth (void)
{
  g_autoptr(GString) doc = g_string_new ("<rss version=\"2.0\"><channel><title>Amp</title>"
                                         "<item><guid>a-1</guid><title>Before &amp; fine</title></item>");
  g_autoptr(DossierParsedFeed) feed = NULL;
  g_autoptr(GError) error = NULL;
  gsize repaired_length = 0;
  g_autofree char *repaired = NULL;
  const DossierParsedItem *second;

  /* In 50 items of 100,000 each: an item larger than 8 MB is refused
   * whole (the parser's limits, see test_hostile_node_flood). */
  for (int item = 0; item < 50; item++)
    {
      g_string_append_printf (doc, "<item><guid>a-%d</guid><title>", item + 2);
      for (int i = 0; i < 2 * 100 * 1000; i++)
        g_string_append (doc, i % 2 ? "&" : " ");
      g_string_append (doc, "</title></item>");
    }
  g_string_append (doc, "</channel></rss>");

  feed = dossier_parse_feed (doc->str, doc->len, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (feed->recovered);
  g_assert_cmpuint (feed->items->len, ==, 51);
  second = g_ptr_array_index (feed->items, 50);
  g_assert_cmpstr (second->guid, ==, "a-51");
  g_assert_true (g_str_has_prefix (second->title, "& & & "));

  repaired = dossier_xml_repair_references ("<rss><channel><title>AT&T &eacute;</title></channel></rss>", -1 + sizeof "<rss><channel><title>AT&T &eacute;</title></channel></rss>", &repaired_length);
  g_assert_cmpstr (repaired, ==, "<rss><channel><title>AT&amp;T &#233;</title></channel></rss>");
  g_assert_cmpuint (repaired_length, ==, strlen (repaired));
}

/* A reference split across libxml2's reads, in CDATA, in a comment or at
 * the document's end is repaired the same, whatever the size of the
 * reads. */
static void
test_hostile_repair_chunks (void)
{
  const char *doc = "<rss><channel><title>R&amp;D &eacute;t&eacute; &#X41;"
                    "<![CDATA[ & &nbsp; ]]><!-- & &mdash; --> &doesnotexist; &#0; "
                    "&averyveryveryveryveryveryveryveryveryveryveryveryveryveryverylongname; &</title>";
  const char *expected = "<rss><channel><title>R&amp;D &#233;t&#233; &#65;"
                         "<![CDATA[ & &nbsp; ]]><!-- & &mdash; --> &amp;doesnotexist; &#xFFFD; "
                         "&amp;averyveryveryveryveryveryveryveryveryveryveryveryveryveryverylongname; &amp;</title>";

  for (int size = 1; size <= 40; size++)
    {
      g_autoptr(DossierXmlRepair) repair = dossier_xml_repair_new (doc, strlen (doc));
      g_autoptr(GString) out = g_string_new (NULL);
      char buffer[64];
      int n;

      g_assert_nonnull (repair);
      while ((n = dossier_xml_repair_read (repair, buffer, size)) > 0)
        {
          g_assert_cmpint (n, <=, size);
          g_string_append_len (out, buffer, n);
        }
      g_assert_cmpstr (out->str, ==, expected);
    }
  g_assert_null (dossier_xml_repair_new ("<rss>&amp; &#233; &lt;</rss>", 27));
}

static void
test_hostile_garbage (void)
{
  /* Random bytes after a valid start: errors or recovery, never a crash. */
  GRand *rand = g_rand_new_with_seed (20251125);

  for (int round = 0; round < 300; round++)
    {
      g_autoptr(GString) doc = g_string_new ("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><item><title>");
      g_autoptr(GError) error = NULL;
      g_autoptr(DossierParsedFeed) feed = NULL;
      int n = g_rand_int_range (rand, 1, 400);

      for (int i = 0; i < n; i++)
        g_string_append_c (doc, (char) g_rand_int_range (rand, 1, 256));
      feed = dossier_parse_feed (doc->str, doc->len, NULL,
                                 round % 2 ? "windows-1256" : NULL, &error);
      g_assert_true ((feed != NULL) != (error != NULL));
    }
  g_rand_free (rand);
}

/* ---- Caps ---------------------------------------------------------------- */

static DossierParsedFeed *
parse_ok (GString *doc)
{
  g_autoptr(GError) error = NULL;
  DossierParsedFeed *feed = dossier_parse_feed (doc->str, doc->len, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (feed);
  return feed;
}

static void
check_cut (const char *text,
           gsize       max)
{
  g_assert_nonnull (text);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_cmpuint (strlen (text), <=, max);
  g_assert_cmpuint (strlen (text), >, max - 8);
  g_assert_true (g_str_has_suffix (text, "…"));
}

/* The item of 100,000 categories (19 s before, a linear scan for
 * each): the first 100, once each. */
static void
test_hostile_many_categories (void)
{
  g_autoptr(GString) doc = g_string_new ("<rss version=\"2.0\"><channel><title>Tags</title><item><guid>c</guid>");
  g_autoptr(DossierParsedFeed) feed = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  DossierParsedItem *item;

  for (int i = 0; i < 100000; i++)
    g_string_append_printf (doc, "<category>c%d</category>", i % 5 == 0 ? 7 : i);
  g_string_append (doc, "</item></channel></rss>");

  feed = parse_ok (doc);
  g_assert_cmpuint (feed->items->len, ==, 1);
  item = g_ptr_array_index (feed->items, 0);
  g_assert_cmpuint (item->categories->len, ==, DOSSIER_PARSER_MAX_CATEGORIES);
  for (guint i = 0; i < item->categories->len; i++)
    g_assert_true (g_hash_table_add (seen, g_ptr_array_index (item->categories, i)));
  g_assert_cmpstr (g_ptr_array_index (item->categories, 0), ==, "c7");
}

/* JSON tags are cut and their repeats dropped after the document is
 * read: a repeat freed must not stay the key the next ones are compared
 * with (found by the fuzzer, a use after free under AddressSanitizer). */
static void
test_hostile_json_repeated_tags (void)
{
  g_autoptr(GString) doc = g_string_new ("{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"Tags\","
                                         " \"items\": [{\"id\": \"t-1\", \"content_text\": \"x\", \"tags\": [");
  g_autoptr(DossierParsedFeed) feed = NULL;
  DossierParsedItem *item;

  for (int i = 0; i < 150; i++)
    g_string_append_printf (doc, "%s\"tag %d\"", i == 0 ? "" : ", ", i == 6 || i == 40 ? 5 : i);
  g_string_append (doc, "]}]}");

  feed = parse_ok (doc);
  item = g_ptr_array_index (feed->items, 0);
  g_assert_cmpuint (item->categories->len, ==, DOSSIER_PARSER_MAX_CATEGORIES);
  g_assert_cmpstr (g_ptr_array_index (item->categories, 5), ==, "tag 5");
  g_assert_cmpstr (g_ptr_array_index (item->categories, 6), ==, "tag 7");
  g_assert_cmpstr (g_ptr_array_index (item->categories, 99), ==, "tag 101");
}

/* One item of a million categories holds more nodes than may be in
 * memory at once: it and what follows are left out, the items before it
 * kept, and the feed says why. */
static void
test_hostile_node_flood (void)
{
  g_autoptr(GString) doc = g_string_new ("<rss version=\"2.0\"><channel><title>Flood</title>"
                                         "<item><guid>before</guid><title>Kept</title></item><item><guid>f</guid>");
  g_autoptr(GString) alone = g_string_new ("<rss version=\"2.0\"><channel><title>Flood</title><item>");
  g_autoptr(DossierParsedFeed) feed = NULL;
  g_autoptr(GError) error = NULL;
  DossierParsedFeed *none;

  for (int i = 0; i < 1000000; i++)
    g_string_append (doc, "<category>x</category>");
  g_string_append (doc, "</item><item><guid>after</guid></item></channel></rss>");
  feed = parse_ok (doc);
  g_assert_cmpuint (feed->items->len, ==, 1);
  g_assert_cmpstr (((DossierParsedItem *) g_ptr_array_index (feed->items, 0))->guid, ==, "before");
  g_assert_true (feed->recovered);
  g_assert_nonnull (strstr (feed->recovery_message, "elements"));

  /* Alone, with nothing to keep: an error that says so. */
  for (int i = 0; i < 1500000; i++)
    g_string_append (alone, "<a/>");
  g_string_append (alone, "</item></channel></rss>");
  none = dossier_parse_feed (alone->str, alone->len, NULL, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_TOO_LARGE);
}

/* Parses on several threads at once, as a refresh's workers do. libxml2
 * 2.9 keeps the node callbacks the guard counts with in one variable
 * for its "main" thread (the first to use it) which xmlRegisterNodeDefault ()
 * writes from any thread: a guard that set and restored them per parse
 * let one thread's restore clear the callback between another's check
 * and call (a jump to address 0, about one refresh in ten). Each thread
 * also keeps its own count: a flood on one is stopped, the others' small
 * feeds are not. */
typedef struct {
  const GString *doc;
  guint          rounds;
  guint          items;       /* each parse's, or 0: a flood */
  guint          failures;
} ParseRounds;

static gpointer
parse_rounds (gpointer data)
{
  ParseRounds *rounds = data;

  for (guint i = 0; i < rounds->rounds; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DossierParsedFeed) feed = dossier_parse_feed (rounds->doc->str, rounds->doc->len, NULL, NULL, &error);

      if (rounds->items > 0 && (feed == NULL || feed->recovered || feed->items->len != rounds->items))
        rounds->failures++;
      if (rounds->items == 0 && (feed == NULL || !feed->recovered || feed->items->len != 1))
        rounds->failures++;
    }
  return NULL;
}

static void
test_hostile_threads (void)
{
  g_autoptr(GString) small = g_string_new ("<rss version=\"2.0\"><channel><title>Small</title>");
  g_autoptr(GString) large = g_string_new ("<rss version=\"2.0\"><channel><title>Large</title>");
  g_autoptr(GString) flood = g_string_new ("<rss version=\"2.0\"><channel><title>Flood</title>"
                                           "<item><guid>before</guid></item><item><guid>f</guid>");
  ParseRounds main_rounds = { large, 300, 400, 0 };
  ParseRounds rounds[3] = { { small, 20000, 2, 0 }, { small, 20000, 2, 0 }, { flood, 3, 0, 0 } };
  GThread *threads[G_N_ELEMENTS (rounds)];

  for (int i = 0; i < 2; i++)
    g_string_append_printf (small, "<item><guid>s%d</guid><title>T</title></item>", i);
  g_string_append (small, "</channel></rss>");
  for (int i = 0; i < 400; i++)
    g_string_append_printf (large, "<item><guid>l%d</guid><title>T</title><category>a</category>"
                                   "<category>b</category><description>d</description></item>", i);
  g_string_append (large, "</channel></rss>");
  for (int i = 0; i < 1000000; i++)
    g_string_append (flood, "<category>x</category>");
  g_string_append (flood, "</item></channel></rss>");

  for (guint i = 0; i < G_N_ELEMENTS (rounds); i++)
    threads[i] = g_thread_new ("test-parse", parse_rounds, &rounds[i]);
  parse_rounds (&main_rounds);
  for (guint i = 0; i < G_N_ELEMENTS (rounds); i++)
    {
      g_thread_join (threads[i]);
      g_assert_cmpuint (rounds[i].failures, ==, 0);
    }
  g_assert_cmpuint (main_rounds.failures, ==, 0);
}

/* The entity: 20,000 characters referenced 20,000 times (400 MB
 * of text, 1.2 GB in memory before). The expansion of the whole document
 * stops at its limit; the items are all there. */
static void
test_hostile_entity_expansion (void)
{
  g_autoptr(GString) doc = g_string_new ("<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY big \"");
  g_autoptr(DossierParsedFeed) feed = NULL;
  DossierParsedItem *item;

  for (int i = 0; i < 20000; i++)
    g_string_append_c (doc, 'a' + i % 26);
  g_string_append (doc, "\">]><rss version=\"2.0\"><channel><title>Bomb</title><item><guid>b1</guid><title>One</title>"
                        "<description>");
  for (int i = 0; i < 20000; i++)
    g_string_append (doc, "&big;");
  g_string_append (doc, "</description><content:encoded xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">");
  for (int i = 0; i < 20000; i++)
    g_string_append (doc, "&big;");
  g_string_append (doc, "</content:encoded></item><item><guid>b2</guid><title>Two &big;</title></item>"
                        "</channel></rss>");

  feed = parse_ok (doc);
  g_assert_cmpuint (feed->items->len, ==, 2);
  g_assert_true (feed->recovered);
  g_assert_nonnull (strstr (feed->recovery_message, "entities"));
  item = g_ptr_array_index (feed->items, 0);
  check_cut (item->summary, DOSSIER_PARSER_MAX_SUMMARY);
  /* What the description spent, the content did not get. */
  g_assert_true (item->content == NULL || strlen (item->content) < DOSSIER_PARSER_MAX_ENTITY_TEXT);
  item = g_ptr_array_index (feed->items, 1);
  g_assert_cmpstr (item->title, ==, "Two");
}

/* Nested entities that expand to nothing, a billion times: each
 * reference costs, so the walk stops. */
static void
test_hostile_empty_entities (void)
{
  g_autoptr(GString) doc = g_string_new ("<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY e0 \"\">");
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierParsedFeed) feed = NULL;

  for (int level = 1; level <= 9; level++)
    {
      g_string_append_printf (doc, "<!ENTITY e%d \"", level);
      for (int i = 0; i < 10; i++)
        g_string_append_printf (doc, "&e%d;", level - 1);
      g_string_append (doc, "\">");
    }
  g_string_append (doc, "]><rss version=\"2.0\"><channel><title>Empty</title><item><guid>x</guid>"
                        "<title>T&e9;</title></item></channel></rss>");
  feed = dossier_parse_feed (doc->str, doc->len, NULL, NULL, &error);
  /* libxml2 may refuse it whole; if not, the text is cut. */
  g_assert_true ((feed != NULL) != (error != NULL));
  if (feed != NULL)
    {
      g_assert_true (feed->recovered);
      g_assert_cmpstr (((DossierParsedItem *) g_ptr_array_index (feed->items, 0))->title, ==, "T");
    }
}

/* A title of a megabyte is stored cut, with the marker; so is every other
 * field, at a character's edge. */
static void
test_hostile_field_sizes (void)
{
  g_autoptr(GString) doc = g_string_new ("<rss version=\"2.0\"><channel><title>");
  g_autoptr(DossierParsedFeed) feed = NULL;
  DossierParsedItem *item;
  gsize mark;

  for (int i = 0; i < 100000; i++)
    g_string_append (doc, "قناة ");
  g_string_append (doc, "</title><item><guid>");
  for (int i = 0; i < 5000; i++)
    g_string_append (doc, "guid");
  g_string_append (doc, "</guid><title>");
  mark = doc->len;
  for (int i = 0; i < 1024 * 1024 / 8; i++)
    g_string_append (doc, "إنفيديا ");
  g_string_append (doc, "</title><link>https://news.example/");
  for (int i = 0; i < 10000; i++)
    g_string_append_c (doc, 'p');
  g_string_append (doc, "</link><author>");
  for (int i = 0; i < 1000; i++)
    g_string_append (doc, "Reporter ");
  g_string_append (doc, "</author><description>");
  for (int i = 0; i < 100000; i++)
    g_string_append (doc, "summary ");
  g_string_append (doc, "</description><content:encoded xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">");
  for (int i = 0; i < 300000; i++)
    g_string_append (doc, "content ");
  g_string_append (doc, "</content:encoded><category>");
  for (int i = 0; i < 1000; i++)
    g_string_append (doc, "tag ");
  g_string_append (doc, "</category><enclosure url=\"https://cdn.example/");
  for (int i = 0; i < 10000; i++)
    g_string_append_c (doc, 'e');
  g_string_append (doc, ".png\" type=\"image/png\"/></item></channel></rss>");
  g_assert_cmpuint (doc->len - mark, >, 1024 * 1024);

  feed = parse_ok (doc);
  check_cut (feed->title, DOSSIER_PARSER_MAX_TITLE);
  item = g_ptr_array_index (feed->items, 0);
  check_cut (item->title, DOSSIER_PARSER_MAX_TITLE);
  g_assert_true (g_str_has_prefix (item->title, "إنفيديا إنفيديا"));
  check_cut (item->author, DOSSIER_PARSER_MAX_AUTHOR);
  check_cut (item->summary, DOSSIER_PARSER_MAX_SUMMARY);
  check_cut (item->content, DOSSIER_PARSER_MAX_CONTENT);
  check_cut (g_ptr_array_index (item->categories, 0), DOSSIER_PARSER_MAX_CATEGORY);
  /* An address cut would lead nowhere: none. A guid too long is its hash. */
  g_assert_null (item->link);
  g_assert_cmpuint (item->enclosures->len, ==, 0);
  g_assert_true (g_str_has_prefix (item->guid, "sha1:"));
  g_assert_cmpuint (strlen (item->guid), <=, DOSSIER_PARSER_MAX_GUID);
}

static void
test_hostile_many_enclosures (void)
{
  g_autoptr(GString) doc = g_string_new ("<rss version=\"2.0\"><channel><title>E</title><item><guid>e</guid>");
  g_autoptr(DossierParsedFeed) feed = NULL;
  DossierParsedItem *item;

  for (int i = 0; i < 20000; i++)
    g_string_append_printf (doc, "<enclosure url=\"https://cdn.example/%d.mp3\" type=\"audio/mpeg\"/>", i);
  g_string_append (doc, "</item></channel></rss>");
  feed = parse_ok (doc);
  item = g_ptr_array_index (feed->items, 0);
  g_assert_cmpuint (item->enclosures->len, ==, DOSSIER_PARSER_MAX_ENCLOSURES);
}

/* json-glib would hold 4,000,000 values at once (334 MB before). */
static void
test_hostile_json_values (void)
{
  g_autoptr(GString) doc = g_string_new ("{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"t\","
                                         "\"items\":[{\"id\":\"1\",\"title\":\"x\",\"tags\":[");
  g_autoptr(GError) error = NULL;
  DossierParsedFeed *feed;

  for (int i = 0; i < 4000000; i++)
    g_string_append (doc, i > 0 ? ",1" : "1");
  g_string_append (doc, "]}]}");
  feed = dossier_parse_feed (doc->str, doc->len, NULL, NULL, &error);
  g_assert_null (feed);
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_TOO_LARGE);
  /* Commas in strings are no values. */
  g_string_assign (doc, "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"");
  for (int i = 0; i < 400000; i++)
    g_string_append (doc, ",[{");
  g_string_append (doc, "\",\"items\":[]}");
  g_clear_error (&error);
  feed = dossier_parse_feed (doc->str, doc->len, NULL, NULL, &error);
  g_assert_no_error (error);
  check_cut (feed->title, DOSSIER_PARSER_MAX_TITLE);
  dossier_parsed_feed_free (feed);
}

/* A parse past its time stops, keeping what it read and saying why:
 * here the time is a millisecond. */
static void
test_hostile_deadline (void)
{
  g_autoptr(GString) doc = g_string_new ("<rss version=\"2.0\"><channel><title>Slow</title>");
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierParsedFeed) feed = NULL;

  for (int i = 0; i < 200000; i++)
    g_string_append_printf (doc, "<item><guid>%d</guid><title>Story %d</title></item>", i, i);
  g_string_append (doc, "</channel></rss>");
  dossier_xml_guard_set_time_limit (1);
  feed = dossier_parse_feed (doc->str, doc->len, NULL, NULL, &error);
  dossier_xml_guard_set_time_limit (0);
  /* Stopped before its first item (a busy machine) it is an error; after
   * some, they are kept. Either way it says why. */
  if (feed == NULL)
    {
      g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_TOO_LARGE);
      g_assert_nonnull (strstr (error->message, "took more than"));
      return;
    }
  g_assert_no_error (error);
  g_assert_true (feed->recovered);
  g_assert_nonnull (strstr (feed->recovery_message, "took more than"));
  g_assert_cmpuint (feed->items->len, <, 200000);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/parser/hostile/oversize", test_hostile_oversize);
  g_test_add_func ("/parser/hostile/too-many-items", test_hostile_too_many_items);
  g_test_add_func ("/parser/hostile/json-depth", test_hostile_json_depth);
  g_test_add_func ("/parser/hostile/prefixes-rss", test_hostile_prefixes_rss);
  g_test_add_func ("/parser/hostile/prefixes-atom", test_hostile_prefixes_atom);
  g_test_add_func ("/parser/hostile/prefixes-json", test_hostile_prefixes_json);
  g_test_add_func ("/parser/hostile/garbage", test_hostile_garbage);
  g_test_add_func ("/parser/hostile/repair-growth", test_hostile_repair_growth);
  g_test_add_func ("/parser/hostile/repair-chunks", test_hostile_repair_chunks);
  g_test_add_func ("/parser/hostile/many-categories", test_hostile_many_categories);
  g_test_add_func ("/parser/hostile/json-repeated-tags", test_hostile_json_repeated_tags);
  g_test_add_func ("/parser/hostile/node-flood", test_hostile_node_flood);
  g_test_add_func ("/parser/hostile/threads", test_hostile_threads);
  g_test_add_func ("/parser/hostile/entity-expansion", test_hostile_entity_expansion);
  g_test_add_func ("/parser/hostile/empty-entities", test_hostile_empty_entities);
  g_test_add_func ("/parser/hostile/field-sizes", test_hostile_field_sizes);
  g_test_add_func ("/parser/hostile/many-enclosures", test_hostile_many_enclosures);
  g_test_add_func ("/parser/hostile/json-values", test_hostile_json_values);
  g_test_add_func ("/parser/hostile/deadline", test_hostile_deadline);

  return g_test_run ();
}
