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
 * and the story that holds them is there. A little repair gives what it
 * meant. */
static void
test_hostile_repair_growth (void)
{
  g_autoptr(GString) doc = g_string_new ("<rss version=\"2.0\"><channel><title>Amp</title>"
                                         "<item><guid>a-1</guid><title>Before &amp; fine</title></item>"
                                         "<item><guid>a-2</guid><title>");
  g_autoptr(DossierParsedFeed) feed = NULL;
  g_autoptr(GError) error = NULL;
  gsize repaired_length = 0;
  g_autofree char *repaired = NULL;
  const DossierParsedItem *second;

  for (int i = 0; i < 5 * 1000 * 1000; i++)
    g_string_append (doc, i % 2 ? "&" : " ");
  g_string_append (doc, "</title></item></channel></rss>");

  feed = dossier_parse_feed (doc->str, doc->len, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (feed->recovered);
  g_assert_cmpuint (feed->items->len, ==, 2);
  second = g_ptr_array_index (feed->items, 1);
  g_assert_cmpstr (second->guid, ==, "a-2");
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

  return g_test_run ();
}
