/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Parser throughput against a bare libxml2 pass over the same document.
 * Prints both figures, their ratio and the parser's peak memory, and fails
 * when the targets of issue 2 are missed. */

#include <libxml/xmlreader.h>
#include <stdio.h>
#include <sys/resource.h>

#include "dossier-parser.h"

#define N_ITEMS 50000
#define RUNS    7

static const char *titles_en[] = {
  "Nvidia resumes H20 sales to China after US licence",
  "Huawei races to build alternatives to Nvidia chips",
  "Cyberspace Administration of China summons Nvidia over tracking concerns",
  "DeepSeek, Alibaba and Moonshot AI release open models",
};

static const char *titles_ar[] = {
  "إنفيديا تستأنف بيع رقائق H20 إلى الصين بعد ترخيص أمريكي",
  "هواوي تسابق لبناء بدائل لرقائق إنفيديا",
  "إدارة الفضاء الإلكتروني الصينية تستدعي إنفيديا بسبب مخاوف التتبع",
  "ديب سيك وعلي بابا ومون شوت تطلق نماذج مفتوحة المصدر",
};

static GString *
make_feed (void)
{
  GString *doc = g_string_sized_new (N_ITEMS * 900);

  g_string_append (doc,
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\""
    " xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\n"
    "<channel><title>Policy wire — نشرة السياسات</title>"
    "<link>https://news.example.org/</link>"
    "<description>Technology policy</description><language>ar</language>\n");

  for (int i = 0; i < N_ITEMS; i++)
    {
      gboolean arabic = i % 2;
      const char *title = arabic ? titles_ar[i % 4] : titles_en[i % 4];

      g_string_append_printf (doc,
        "<item><title>%s (%d)</title>"
        "<link>https://news.example.org/%s/%d</link>"
        "<guid isPermaLink=\"false\">story-%d</guid>"
        "<pubDate>%s, %02d Jul 2025 %02d:%02d:00 +0000</pubDate>"
        "<dc:creator>%s</dc:creator>"
        "<category>%s</category><category>Policy</category>"
        "<description>&lt;p&gt;%s &lt;b&gt;%s&lt;/b&gt; &amp;amp; more.&lt;/p&gt;"
        "&lt;p&gt;%s&lt;/p&gt;</description>"
        "<content:encoded><![CDATA[<div><p>%s</p><p><a href=\"/more/%d\">%s</a></p></div>]]></content:encoded>"
        "</item>\n",
        title, i, arabic ? "ar" : "en", i, i,
        (const char *[]){ "Mon", "Tue", "Wed", "Thu", "Fri" }[i % 5],
        1 + i % 28, i % 24, i % 60,
        arabic ? "مراسل التقنية" : "Tech correspondent",
        arabic ? "رقائق" : "Chips",
        title, arabic ? "ضوابط التصدير" : "export controls",
        arabic ? titles_ar[(i + 1) % 4] : titles_en[(i + 1) % 4],
        arabic ? titles_ar[(i + 2) % 4] : titles_en[(i + 2) % 4],
        i, arabic ? "المزيد" : "Read more");
    }

  g_string_append (doc, "</channel></rss>\n");
  return doc;
}

static long
peak_rss_kb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

/* Reads every node and touches nothing: the floor any reader-based parser
 * stands on. The options are the parser's own, so both read the same
 * document the same way. */
static guint
bare_pass (const GString *doc)
{
  xmlTextReaderPtr reader;
  guint items = 0;

  reader = xmlReaderForMemory (doc->str, (int) doc->len, NULL, NULL,
                               XML_PARSE_NONET | XML_PARSE_NOCDATA |
                               XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                               XML_PARSE_COMPACT);
  while (xmlTextReaderRead (reader) == 1)
    {
      if (xmlTextReaderNodeType (reader) == XML_READER_TYPE_ELEMENT &&
          xmlTextReaderDepth (reader) == 2)
        items++;
    }
  xmlFreeTextReader (reader);
  return items;
}

int
main (void)
{
  g_autoptr(GString) doc = make_feed ();
  double mb = doc->len / (1024.0 * 1024.0);
  double best_bare = G_MAXDOUBLE, best_parser = G_MAXDOUBLE;
  long rss_before = 0, rss_after = 0;
  guint bare_items = 0, parser_items = 0;
  double ratio, peak_mb;
  gboolean ok;

  xmlInitParser ();

  /* The two are timed in turns, so that whatever else the machine does
   * weighs on both alike; the best run of each counts. The first parser
   * run is the one whose memory is measured: the high water mark before
   * it covers the document and a bare pass. */
  for (int run = 0; run < RUNS; run++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DossierParsedFeed) feed = NULL;
      gint64 start = g_get_monotonic_time ();

      bare_items = bare_pass (doc);
      best_bare = MIN (best_bare, (g_get_monotonic_time () - start) / 1e6);

      if (run == 0)
        rss_before = peak_rss_kb ();
      start = g_get_monotonic_time ();
      feed = dossier_parse_feed (doc->str, doc->len, "https://news.example.org/feed", NULL, &error);
      if (feed == NULL)
        {
          fprintf (stderr, "parse failed: %s\n", error->message);
          return 1;
        }
      best_parser = MIN (best_parser, (g_get_monotonic_time () - start) / 1e6);
      parser_items = feed->items->len;
      if (run == 0)
        rss_after = peak_rss_kb ();
    }

  ratio = best_bare / best_parser;
  peak_mb = (rss_after - rss_before) / 1024.0;
  ok = parser_items == N_ITEMS && ratio >= 0.5 && peak_mb < mb + 32.0;

  printf ("document:       %.1f MB, %u items (bare pass saw %u elements at item depth)\n",
          mb, parser_items, bare_items);
  printf ("bare libxml2:   %.3f s  %.1f MB/s  %.0f items/s\n",
          best_bare, mb / best_bare, N_ITEMS / best_bare);
  printf ("dossier parser: %.3f s  %.1f MB/s  %.0f items/s\n",
          best_parser, mb / best_parser, N_ITEMS / best_parser);
  printf ("ratio:          %.0f%% of the bare pass (target >= 50%%)\n", ratio * 100);
  printf ("peak memory:    %.1f MB above the loaded document (target < %.1f MB)\n",
          peak_mb, mb + 32.0);
  printf ("%s\n", ok ? "PASS" : "FAIL");

  xmlCleanupParser ();
  return ok ? 0 : 1;
}
