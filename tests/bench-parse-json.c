/* SPDX-License-Identifier: GPL-3.0-or-later */

/* `dossier-cli parse FILE --json` on a large feed, against `xmllint
 * --stream` on the same file: both run as whole processes, in turns, with
 * their output thrown away. Prints the times, their ratio and the CLI's
 * peak memory (the child's high water mark, from wait4), and fails when
 * the targets of issue 21 are missed: at most 3 times xmllint's time and
 * the document's size plus 32 MB.
 *
 * The feed looks like the ones Dossier reads: 35,000 items of 1 to 2 KB of
 * HTML, 40% of them Arabic, made of paragraphs of published news reports
 * (tests/fixtures/bench/news-paragraphs.json).
 *
 * Usage: bench-parse-json NEWS_PARAGRAPHS_JSON DOSSIER_CLI
 * BENCH_KEEP_FEED=PATH keeps the generated feed there, for profiling. */

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <spawn.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define N_ITEMS 35000
#define RUNS    5
#define MEMORY_HEADROOM_MB 32.0
#define TIME_RATIO_TARGET 3.0

extern char **environ;

typedef struct {
  GPtrArray *en;       /* escaped for XML */
  GPtrArray *ar;
  GPtrArray *en_lead;  /* the first 120 characters, escaped */
  GPtrArray *ar_lead;
} Paragraphs;

static void
load_language (JsonObject  *root,
               const char  *language,
               GPtrArray  **texts,
               GPtrArray  **leads)
{
  JsonArray *array = json_object_get_array_member (root, language);

  *texts = g_ptr_array_new_with_free_func (g_free);
  *leads = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *entry = json_array_get_object_element (array, i);
      const char *text = json_object_get_string_member (entry, "text");
      g_autofree char *lead = g_utf8_substring (text, 0, MIN (120, g_utf8_strlen (text, -1)));

      g_ptr_array_add (*texts, g_markup_escape_text (text, -1));
      g_ptr_array_add (*leads, g_markup_escape_text (lead, -1));
    }
}

/* The first words of a paragraph, as a headline. */
static char *
headline (const char *escaped_paragraph,
          int         serial)
{
  const char *end = escaped_paragraph;
  int words = 0;

  while (*end != '\0' && words < 11)
    {
      if (*end == ' ')
        words++;
      end++;
    }
  return g_strdup_printf ("%.*s (%d)", (int) (end - escaped_paragraph - 1), escaped_paragraph, serial);
}

static GString *
make_feed (const Paragraphs *paragraphs)
{
  GString *doc = g_string_sized_new ((gsize) N_ITEMS * 1800);

  g_string_append (doc,
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\""
    " xmlns:content=\"http://purl.org/rss/1.0/modules/content/\""
    " xmlns:media=\"http://search.yahoo.com/mrss/\">\n"
    "<channel><title>Policy wire — نشرة السياسات</title>"
    "<link>https://news.example.org/</link>"
    "<description>Technology policy, in English and Arabic</description>"
    "<language>en</language>\n");

  for (int i = 0; i < N_ITEMS; i++)
    {
      gboolean arabic = i % 5 < 2;
      GPtrArray *texts = arabic ? paragraphs->ar : paragraphs->en;
      GPtrArray *leads = arabic ? paragraphs->ar_lead : paragraphs->en_lead;
      const char *p1 = g_ptr_array_index (texts, i % texts->len);
      const char *p2 = g_ptr_array_index (texts, (i + 1) % texts->len);
      const char *summary = g_ptr_array_index (leads, i % texts->len);
      g_autofree char *title = headline (p1, i);

      g_string_append_printf (doc,
        "<item><title>%s</title>"
        "<link>https://news.example.org/%s/2025/07/%d</link>"
        "<guid isPermaLink=\"false\">story-%d</guid>"
        "<pubDate>%s, %02d Jul 2025 %02d:%02d:00 +0000</pubDate>"
        "<dc:creator>%s</dc:creator>"
        "<category>%s</category><category>%s</category>"
        "<description>%s…</description>"
        "<content:encoded><![CDATA[<p>%s</p><figure><img src=\"https://img.example.org/%d-large.jpg\""
        " alt=\"\"><figcaption>%s</figcaption></figure><p><b>%s</b> %s</p>"
        "<p><a href=\"https://news.example.org/more/%d\">%s</a></p>]]></content:encoded>"
        "<media:thumbnail url=\"https://img.example.org/%d.jpg\" width=\"640\" height=\"360\"/>"
        "</item>\n",
        title, arabic ? "ar" : "en", i, i,
        (const char *[]){ "Mon", "Tue", "Wed", "Thu", "Fri" }[i % 5],
        1 + i % 28, i % 24, i % 60,
        arabic ? "مراسل الشؤون التقنية" : "Technology correspondent",
        arabic ? "رقائق" : "Chips", arabic ? "ضوابط التصدير" : "Export controls",
        summary, p1, i, title, arabic ? "للمزيد:" : "Background:", p2,
        i, arabic ? "اقرأ المزيد" : "Read more", i);
    }

  g_string_append (doc, "</channel></rss>\n");
  return doc;
}

/* Runs @argv with stdout on /dev/null; its wall time in seconds and its
 * peak resident memory in kB. */
static gboolean
run_child (char  **argv,
           double *seconds,
           long   *max_rss_kb)
{
  posix_spawn_file_actions_t actions;
  struct rusage usage;
  gint64 start;
  pid_t pid;
  int status = 0;

  posix_spawn_file_actions_init (&actions);
  posix_spawn_file_actions_addopen (&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  start = g_get_monotonic_time ();
  if (posix_spawn (&pid, argv[0], &actions, NULL, argv, environ) != 0)
    {
      posix_spawn_file_actions_destroy (&actions);
      return FALSE;
    }
  posix_spawn_file_actions_destroy (&actions);
  while (wait4 (pid, &status, 0, &usage) < 0)
    if (errno != EINTR)
      return FALSE;
  *seconds = (g_get_monotonic_time () - start) / 1e6;
  *max_rss_kb = usage.ru_maxrss;
  return WIFEXITED (status) && WEXITSTATUS (status) == 0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) doc = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *xmllint = g_find_program_in_path ("xmllint");
  Paragraphs paragraphs;
  double cli_times[RUNS], lint_times[RUNS];
  long cli_peak = 0, lint_peak = 0;
  double doc_mb, ratio, peak_mb, limit_mb;
  gboolean ok;

  if (argc != 3)
    {
      fprintf (stderr, "usage: %s NEWS_PARAGRAPHS_JSON DOSSIER_CLI\n", argv[0]);
      return 2;
    }
  if (xmllint == NULL)
    {
      printf ("xmllint is not installed (Debian: libxml2-utils): skipped\n");
      return 77;
    }
  if (!json_parser_load_from_file (parser, argv[1], &error))
    {
      fprintf (stderr, "%s: %s\n", argv[1], error->message);
      return 1;
    }
  load_language (json_node_get_object (json_parser_get_root (parser)), "en",
                 &paragraphs.en, &paragraphs.en_lead);
  load_language (json_node_get_object (json_parser_get_root (parser)), "ar",
                 &paragraphs.ar, &paragraphs.ar_lead);

  doc = make_feed (&paragraphs);
  doc_mb = doc->len / (1024.0 * 1024.0);
  dir = g_dir_make_tmp ("dossier-bench-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "wire.xml", NULL);
  if (!g_file_set_contents (path, doc->str, doc->len, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  g_string_free (g_steal_pointer (&doc), TRUE);

  printf ("document:       %.1f MB, %d items (%.2f KB each, 40%% Arabic)\n",
          doc_mb, N_ITEMS, doc_mb * 1024 / N_ITEMS);

  /* In turns, so that whatever else the machine does weighs on both. */
  for (int run = 0; run < RUNS; run++)
    {
      char *lint_argv[] = { xmllint, "--stream", "--noout", path, NULL };
      char *cli_argv[] = { argv[2], "parse", path, "--json", NULL };
      long rss = 0;

      if (!run_child (lint_argv, &lint_times[run], &rss))
        {
          fprintf (stderr, "xmllint --stream failed\n");
          return 1;
        }
      lint_peak = MAX (lint_peak, rss);
      if (!run_child (cli_argv, &cli_times[run], &rss))
        {
          fprintf (stderr, "dossier-cli parse --json failed\n");
          return 1;
        }
      cli_peak = MAX (cli_peak, rss);
    }

  qsort (cli_times, RUNS, sizeof (double), compare_doubles);
  qsort (lint_times, RUNS, sizeof (double), compare_doubles);
  ratio = cli_times[0] / lint_times[0];
  peak_mb = cli_peak / 1024.0;
  limit_mb = doc_mb + MEMORY_HEADROOM_MB;

  printf ("xmllint --stream: best %.3f s, median %.3f s, %.0f MB/s, peak %.1f MB\n",
          lint_times[0], lint_times[RUNS / 2], doc_mb / lint_times[0], lint_peak / 1024.0);
  printf ("parse --json:     best %.3f s, median %.3f s, %.0f MB/s, %.0f items/s\n",
          cli_times[0], cli_times[RUNS / 2], doc_mb / cli_times[0], N_ITEMS / cli_times[0]);
  printf ("ratio:            %.2f times xmllint --stream (median %.2f; target <= %.1f)\n",
          ratio, cli_times[RUNS / 2] / lint_times[RUNS / 2], TIME_RATIO_TARGET);
  printf ("peak memory:      %.1f MB (target < %.1f MB: the document plus %.0f MB)\n",
          peak_mb, limit_mb, MEMORY_HEADROOM_MB);

  ok = ratio <= TIME_RATIO_TARGET && peak_mb < limit_mb;
  printf ("%s\n", ok ? "PASS" : "FAIL");

  if (g_getenv ("BENCH_KEEP_FEED") != NULL)
    {
      if (g_rename (path, g_getenv ("BENCH_KEEP_FEED")) != 0)
        fprintf (stderr, "cannot keep the feed as %s\n", g_getenv ("BENCH_KEEP_FEED"));
      else
        printf ("feed kept as %s\n", g_getenv ("BENCH_KEEP_FEED"));
    }
  g_unlink (path);
  g_rmdir (dir);
  g_ptr_array_unref (paragraphs.en);
  g_ptr_array_unref (paragraphs.ar);
  g_ptr_array_unref (paragraphs.en_lead);
  g_ptr_array_unref (paragraphs.ar_lead);
  return ok ? 0 : 1;
}
