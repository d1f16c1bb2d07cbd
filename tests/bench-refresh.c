/* SPDX-License-Identifier: GPL-3.0-or-later */

/* A full refresh of 200 feeds of 100 items each into a new database, then
 * a second refresh where every feed answers 304. The items look like the
 * news: 1-2 KB of HTML each (paragraphs, links, emphasis, character
 * references), two feeds in five in Arabic, sentences made from the
 * phrasing of technology-policy reporting. The feeds are served by a
 * SoupServer on 127.0.0.1 in a child process (this program run with
 * --serve), so that the peak memory measured here is the refresh's own.
 *
 * Targets: the full refresh at 4,000 stories/s or more (5 s), the 304
 * refresh under 1 s, peak memory under 150 MB.
 *
 * `bench-refresh --serve [--opml FILE] [--urls FILE]` serves the same
 * corpus until its standard input closes, printing its address, so that
 * dossier-cli and other feed readers can be timed on the same feeds. */

#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "dossier-refresh.h"
#include "dossier-store.h"
/* The writer's page counts, from its connection. */
#include "dossier-store-private.h"

#define MAX_FEEDS   200
#define N_ITEMS     100
#define ARABIC_FEED(n) ((n) % 5 < 2)

#define TARGET_RATE     4000.0   /* stories/s */
#define TARGET_304      1.0      /* s */
#define TARGET_PEAK_MB  150.0

/* ---- The corpus ---------------------------------------------------------- */

static const char * const en_subjects[] = {
  "Nvidia", "Huawei", "The Commerce Department", "The Bureau of Industry and Security",
  "The European Commission", "DeepSeek", "Alibaba", "TSMC", "Samsung Electronics",
  "The Cyberspace Administration of China", "Microsoft", "OpenAI", "Moonshot AI",
  "Zhipu AI", "ASML", "Intel", "The Federal Trade Commission",
  "Britain's Competition and Markets Authority", "Japan's trade ministry",
  "Lawmakers in Washington", "Officials in Beijing", "Analysts at Bernstein",
  "SMIC", "Tencent", "ByteDance", "The White House", "South Korea's industry ministry",
  "Google", "Meta", "Baidu", "Arm", "Qualcomm",
};

static const char * const en_verbs[] = {
  "said on Tuesday that it would", "is expected to", "announced plans to",
  "has been asked to", "told investors it was ready to", "moved on Friday to",
  "is weighing whether to", "confirmed in a statement that it intends to",
  "declined to say whether it would", "has quietly begun to", "warned it may have to",
  "agreed in principle to", "signalled it could",
};

static const char * const en_objects[] = {
  "resume sales of its H20 accelerators to Chinese customers",
  "tighten export controls on advanced semiconductors and chipmaking tools",
  "open an antitrust investigation into the $35 billion deal",
  "release the weights of its newest large language model under an open licence",
  "build a 1-gigawatt data centre campus in the Gulf",
  "restrict shipments of extreme ultraviolet lithography machines",
  "review the security of imported AI accelerators used by state agencies",
  "cut its reliance on foreign suppliers of high-bandwidth memory",
  "license its chip designs to manufacturers in Southeast Asia",
  "fine the company up to 10% of its global turnover under the Digital Markets Act",
  "summon executives over concerns about location tracking in its chips",
  "share the revenue from chip sales in China with the US government",
  "put more than 100 Chinese entities on the trade blacklist",
  "speed up approvals for new fabrication plants in Arizona and Ohio",
  "publish a code of practice for general-purpose AI models",
  "delay the launch of its reasoning model after tests on Ascend chips stalled",
};

static const char * const en_tails[] = {
  ", according to two people familiar with the matter.",
  ", a spokesperson said in an emailed statement.",
  ", as the dispute over advanced technology escalates.",
  ", in a filing published late on Monday.",
  ", people briefed on the talks said, asking not to be named because the discussions are private.",
  ".",
  ", the company said, without giving a timetable.",
  ", reversing a decision taken in April.",
  ", a move that could cost suppliers billions of dollars in lost sales.",
  ", Reuters and the Financial Times reported.",
};

static const char * const en_asides[] = {
  "Shares of the company rose 4.2% in early trading in New York.",
  "The ministry did not respond to a request for comment.",
  "Industry groups have long argued that the rules hurt American &amp; European exporters more than their rivals.",
  "&#8220;We will comply with every applicable rule,&#8221; the company said.",
  "Chinese companies have stockpiled chips since the first controls took effect in October 2022.",
  "The measure still needs the approval of the European Parliament and member states.",
  "Analysts expect R&amp;D spending on AI infrastructure to top $400&nbsp;billion this year.",
  "It&#8217;s the third such review this year, after inquiries in January and May.",
};

static const char * const ar_subjects[] = {
  "إنفيديا", "هواوي", "وزارة التجارة الأمريكية", "مكتب الصناعة والأمن",
  "المفوضية الأوروبية", "ديب سيك", "علي بابا", "شركة تي إس إم سي", "سامسونغ للإلكترونيات",
  "إدارة الفضاء الإلكتروني الصينية", "مايكروسوفت", "أوبن إيه آي", "مون شوت",
  "تشيبو", "إيه إس إم إل", "إنتل", "لجنة التجارة الفيدرالية", "هيئة المنافسة البريطانية",
  "وزارة التجارة اليابانية", "المشرعون في واشنطن", "مسؤولون في بكين", "محللون في القطاع",
  "تينسنت", "بايت دانس", "البيت الأبيض", "غوغل", "ميتا", "بايدو",
};

static const char * const ar_verbs[] = {
  "قالت يوم الثلاثاء إنها ستعمل على", "تعتزم", "أعلنت عن خطط من أجل",
  "طُلب منها", "أبلغت المستثمرين أنها مستعدة من أجل", "تدرس إمكانية",
  "أكدت في بيان أنها تنوي", "رفضت الإفصاح عما إذا كانت ستقوم بـ", "بدأت بهدوء في",
  "حذرت من أنها قد تضطر إلى", "وافقت مبدئياً على",
};

static const char * const ar_objects[] = {
  "استئناف بيع رقائق H20 إلى العملاء في الصين",
  "تشديد ضوابط التصدير على أشباه الموصلات المتقدمة ومعدات تصنيعها",
  "فتح تحقيق في مكافحة الاحتكار بشأن صفقة بقيمة 35 مليار دولار",
  "إتاحة أوزان أحدث نماذجها اللغوية الكبيرة بترخيص مفتوح المصدر",
  "بناء مجمع لمراكز البيانات بقدرة جيجاوات في منطقة الخليج",
  "تقييد شحنات آلات الطباعة الحجرية بالأشعة فوق البنفسجية القصوى",
  "مراجعة أمن مسرّعات الذكاء الاصطناعي المستوردة التي تستخدمها الجهات الحكومية",
  "تقليل اعتمادها على الموردين الأجانب للذاكرة عالية النطاق الترددي",
  "استدعاء مسؤولين تنفيذيين بسبب مخاوف من تتبع مواقع الرقائق",
  "إضافة أكثر من مئة كيان صيني إلى القائمة السوداء التجارية",
  "تسريع الموافقات على مصانع جديدة لأشباه الموصلات",
  "نشر مدونة سلوك لنماذج الذكاء الاصطناعي متعددة الأغراض",
  "تأجيل إطلاق نموذجها الجديد بعد تعثر التدريب على رقائق أسيند",
};

static const char * const ar_tails[] = {
  "، وفقاً لمصدرين مطلعين على الأمر.",
  "، بحسب بيان نشرته الشركة على موقعها الإلكتروني.",
  "، في ظل تصاعد التوتر التجاري بين واشنطن وبكين.",
  "، بحسب ما نقلته وكالة رويترز.",
  "، دون أن تحدد جدولاً زمنياً لذلك.",
  ".",
  "، في خطوة قد تكلف الموردين مليارات الدولارات.",
  "، وهو ما يمثل تراجعاً عن قرار اتُّخذ في أبريل الماضي.",
};

static const char * const ar_asides[] = {
  "وارتفعت أسهم الشركة بنسبة 4.2% في مستهل التداولات في نيويورك.",
  "ولم ترد الوزارة على طلب للتعليق.",
  "وتقول مجموعات صناعية إن القيود تضر بالمصدّرين الأمريكيين والأوروبيين أكثر من منافسيهم.",
  "&#171;سنلتزم بجميع القواعد المعمول بها&#187;، بحسب ما قالت الشركة.",
  "وخزّنت الشركات الصينية الرقائق منذ دخول القيود الأولى حيز التنفيذ في أكتوبر 2022.",
  "ولا يزال الإجراء بحاجة إلى موافقة البرلمان الأوروبي والدول الأعضاء.",
  "ويتوقع محللون أن يتجاوز الإنفاق على البنية التحتية للذكاء الاصطناعي 400&nbsp;مليار دولار هذا العام.",
};

#define PICK(rand, array) ((array)[g_rand_int_range ((rand), 0, G_N_ELEMENTS (array))])

static void
append_sentence (GString  *html,
                 GRand    *rand,
                 gboolean  arabic,
                 int       feed)
{
  const char *subject = arabic ? PICK (rand, ar_subjects) : PICK (rand, en_subjects);
  const char *verb = arabic ? PICK (rand, ar_verbs) : PICK (rand, en_verbs);
  const char *object = arabic ? PICK (rand, ar_objects) : PICK (rand, en_objects);
  const char *tail = arabic ? PICK (rand, ar_tails) : PICK (rand, en_tails);
  int shape = g_rand_int_range (rand, 0, 10);

  if (shape == 0)
    g_string_append_printf (html, "<strong>%s</strong> %s ", subject, verb);
  else
    g_string_append_printf (html, "%s %s ", subject, verb);
  if (shape == 1)
    g_string_append_printf (html, "<a href=\"https://news%d.example/%s/%u\">%s</a>%s ",
                            feed, arabic ? "ar" : "en", g_rand_int (rand), object, tail);
  else if (shape == 2)
    g_string_append_printf (html, "<em>%s</em>%s ", object, tail);
  else
    g_string_append_printf (html, "%s%s ", object, tail);
}

/* One item's description: paragraphs of sentences until 1-2 KB. */
static char *
make_description (GRand    *rand,
                  gboolean  arabic,
                  int       feed)
{
  GString *html = g_string_new (NULL);
  guint target = g_rand_int_range (rand, 1000, 2000);

  while (html->len < target)
    {
      int sentences = g_rand_int_range (rand, 2, 4);

      g_string_append (html, "<p>");
      for (int s = 0; s < sentences && html->len < target; s++)
        append_sentence (html, rand, arabic, feed);
      if (html->len < target && g_rand_int_range (rand, 0, 3) == 0)
        g_string_append (html, arabic ? PICK (rand, ar_asides) : PICK (rand, en_asides));
      g_string_append (html, "</p>\n");
    }
  return g_string_free (html, FALSE);
}

static void
append_escaped (GString    *doc,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_string_append (doc, escaped);
}

/* @html_bytes: adds the size of the items' HTML, before any escaping. */
static char *
make_feed (int    n,
           gsize *html_bytes)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (n);
  gboolean arabic = ARABIC_FEED (n);
  /* Half the feeds carry their HTML escaped, half in CDATA, as publishers do. */
  gboolean cdata = n % 2 == 0;
  GString *doc = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                               "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n");
  /* 15 July 2025, 18:00 UTC, going back in time an item at a time. */
  gint64 newest = 1752602400 - n * 600;

  if (arabic)
    g_string_append_printf (doc, "<title>نشرة التقنية والسياسات %d</title><link>https://news%d.example/ar/</link>"
                                 "<description>أخبار الرقائق والذكاء الاصطناعي والتنظيم</description>"
                                 "<language>ar</language>\n", n, n);
  else
    g_string_append_printf (doc, "<title>Tech Policy Wire %d</title><link>https://news%d.example/en/</link>"
                                 "<description>Chips, AI and regulation</description>"
                                 "<language>en-us</language>\n", n, n);

  for (int i = 0; i < N_ITEMS; i++)
    {
      g_autofree char *description = make_description (rand, arabic, n);
      g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (newest - i * 3600 - g_rand_int_range (rand, 0, 3000));
      g_autofree char *pub = g_date_time_format (date, "%a, %d %b %Y %H:%M:%S +0000");
      GString *title = g_string_new (NULL);

      g_string_append_printf (title, "%s %s %s", arabic ? PICK (rand, ar_subjects) : PICK (rand, en_subjects),
                              arabic ? PICK (rand, ar_verbs) : PICK (rand, en_verbs),
                              arabic ? PICK (rand, ar_objects) : PICK (rand, en_objects));

      g_string_append (doc, "<item>\n<title>");
      append_escaped (doc, title->str);
      g_string_append_printf (doc, "</title>\n<link>https://news%d.example/%s/2025/07/%d-%u</link>\n"
                                   "<guid isPermaLink=\"false\">news%d-%d</guid>\n"
                                   "<pubDate>%s</pubDate>\n<dc:creator>%s</dc:creator>\n"
                                   "<category>%s</category>\n<description>",
                              n, arabic ? "ar" : "en", i, g_rand_int (rand), n, i, pub,
                              arabic ? "فريق التحرير" : "Staff reporter",
                              arabic ? "تقنية" : "Technology");
      if (html_bytes != NULL)
        *html_bytes += strlen (description);
      if (cdata)
        g_string_append_printf (doc, "<![CDATA[%s]]>", description);
      else
        append_escaped (doc, description);
      g_string_append (doc, "</description>\n</item>\n");
      g_string_free (title, TRUE);
    }
  g_string_append (doc, "</channel>\n</rss>\n");
  return g_string_free (doc, FALSE);
}

/* ---- The server (the child process) -------------------------------------- */

static char *documents[MAX_FEEDS + 1];

/* BENCH_FEEDS=N refreshes the first N feeds only, for a profiler. */
static int n_feeds = MAX_FEEDS;

static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           data)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  const char *inm = soup_message_headers_get_one (request, "If-None-Match");
  int n = 0;

  if (sscanf (path, "/feed/%d.xml", &n) != 1 || n < 1 || n > n_feeds)
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }
  soup_message_headers_replace (response, "ETag", "\"v1\"");
  soup_message_headers_replace (response, "Last-Modified", "Tue, 15 Jul 2025 18:00:00 GMT");
  if (inm != NULL && g_str_equal (inm, "\"v1\""))
    {
      soup_server_message_set_status (msg, 304, NULL);
      return;
    }
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/rss+xml; charset=utf-8", SOUP_MEMORY_STATIC,
                                    documents[n], strlen (documents[n]));
}

static gboolean
on_stdin_cb (int          fd,
             GIOCondition condition,
             gpointer     user_data)
{
  char buffer[64];

  /* The parent closed its end (or died): time to go. */
  if ((condition & G_IO_IN) && read (fd, buffer, sizeof buffer) > 0)
    return G_SOURCE_CONTINUE;
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static int
serve (const char *opml_path,
       const char *urls_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GString) opml = g_string_new ("<?xml version=\"1.0\"?>\n<opml version=\"2.0\"><body>\n");
  g_autoptr(GString) urls = g_string_new (NULL);
  g_autofree char *base = NULL;
  GSList *uris;

  for (int n = 1; n <= n_feeds; n++)
    documents[n] = make_feed (n, NULL);

  soup_server_add_handler (server, NULL, handle, NULL, NULL);
  if (!soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    {
      g_printerr ("bench-refresh: %s\n", error->message);
      return 1;
    }
  uris = soup_server_get_uris (server);
  base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  for (int n = 1; n <= n_feeds; n++)
    {
      g_string_append_printf (opml, "<outline type=\"rss\" text=\"Feed %d\" xmlUrl=\"%s/feed/%d.xml\"/>\n",
                              n, base, n);
      g_string_append_printf (urls, "%s/feed/%d.xml\n", base, n);
    }
  g_string_append (opml, "</body></opml>\n");
  if ((opml_path != NULL && !g_file_set_contents (opml_path, opml->str, -1, &error)) ||
      (urls_path != NULL && !g_file_set_contents (urls_path, urls->str, -1, &error)))
    {
      g_printerr ("bench-refresh: %s\n", error->message);
      return 1;
    }

  printf ("%s\n", base);
  fflush (stdout);
  g_unix_fd_add (0, G_IO_IN | G_IO_HUP | G_IO_ERR, on_stdin_cb, loop);
  g_main_loop_run (loop);
  return 0;
}

/* ---- The benchmark ------------------------------------------------------- */

/* The CPU time of the refresh's writer thread, the one every story goes
 * through: read at each report, the last one reads nearly all of it. */
static double writer_cpu;

static double
thread_cpu (const char *name)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  const char *tid;

  while (dir != NULL && (tid = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *comm_path = g_build_filename ("/proc/self/task", tid, "comm", NULL);
      g_autofree char *stat_path = g_build_filename ("/proc/self/task", tid, "stat", NULL);
      g_autofree char *comm = NULL;
      g_autofree char *stat = NULL;
      g_auto(GStrv) fields = NULL;
      const char *after;

      if (!g_file_get_contents (comm_path, &comm, NULL, NULL) || !g_str_equal (g_strchomp (comm), name) ||
          !g_file_get_contents (stat_path, &stat, NULL, NULL) || (after = strrchr (stat, ')')) == NULL)
        continue;
      /* After the name: state is field 3, utime and stime 14 and 15. */
      fields = g_strsplit (after + 2, " ", 0);
      if (g_strv_length (fields) > 13)
        return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) / sysconf (_SC_CLK_TCK);
    }
  return -1;
}

static double
process_cpu (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static void
count_result (const DossierRefreshResult *result,
              gpointer                    user_data)
{
  guint *counts = user_data;
  double cpu = thread_cpu ("dossier-write");

  counts[result->status]++;
  if (cpu >= 0)
    writer_cpu = cpu;
}

/* BENCH_SQL_PROFILE=1: the time of each statement of the refresh's
 * connection, summed by its text (the statements a trigger runs count in
 * the one that fired it). */
typedef struct {
  const char *sql;
  gint64      ns;
  guint       count;
} SqlCost;

static GMutex sql_lock;
static GHashTable *sql_costs;

static int
on_sql_profile (unsigned  type,
                void     *context,
                void     *p,
                void     *x)
{
  const char *sql = sqlite3_sql (p);
  SqlCost *cost;

  if (type != SQLITE_TRACE_PROFILE || sql == NULL)
    return 0;
  g_mutex_lock (&sql_lock);
  cost = g_hash_table_lookup (sql_costs, sql);
  if (cost == NULL)
    {
      cost = g_new0 (SqlCost, 1);
      cost->sql = g_intern_string (sql);
      g_hash_table_insert (sql_costs, (gpointer) cost->sql, cost);
    }
  cost->ns += *(sqlite3_int64 *) x;
  cost->count++;
  g_mutex_unlock (&sql_lock);
  return 0;
}

static int
by_cost (gconstpointer a,
         gconstpointer b)
{
  const SqlCost *x = *(SqlCost * const *) a, *y = *(SqlCost * const *) b;

  return x->ns < y->ns ? 1 : x->ns > y->ns ? -1 : 0;
}

static void
print_sql_costs (void)
{
  g_autoptr(GPtrArray) costs = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;
  gint64 total = 0;

  g_hash_table_iter_init (&iter, sql_costs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (costs, value);

  g_ptr_array_sort (costs, by_cost);
  for (guint i = 0; i < costs->len; i++)
    total += ((SqlCost *) g_ptr_array_index (costs, i))->ns;
  printf ("SQL statements:  %.2f s in all\n", total / 1e9);
  for (guint i = 0; i < MIN (costs->len, 16); i++)
    {
      const SqlCost *cost = g_ptr_array_index (costs, i);

      printf ("  %6.3f s %6u x  %.110s\n", cost->ns / 1e9, cost->count, cost->sql);
    }
}

/* A line of /proc/self/status, in kB. */
static double
status_mb (const char *field)
{
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &text, NULL, NULL) ||
      (line = strstr (text, field)) == NULL)
    return -1;
  return g_ascii_strtod (line + strlen (field) + 1, NULL) / 1024.0;
}

static gint64
count_articles (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "SELECT count(*) FROM articles", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static gint64
file_size (const char *path)
{
  GStatBuf buf;

  return g_stat (path, &buf) == 0 ? (gint64) buf.st_size : 0;
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) child_out = NULL;
  g_autofree char *base = NULL;
  g_autofree char *self = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *shm = NULL;
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(DossierFetcher) fetcher = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint first[4] = { 0 }, second[4] = { 0 };
  double full, unchanged, corpus_mb = 0, rss_before, peak, html_kb, cpu, full_writer_cpu;
  gsize html_bytes = 0;
  int pages_written = 0, high = 0;
  gint64 start, stored, db_bytes;
  gboolean ok;

  if (g_getenv ("BENCH_FEEDS") != NULL)
    n_feeds = CLAMP (atoi (g_getenv ("BENCH_FEEDS")), 1, MAX_FEEDS);

  if (argc > 1 && g_str_equal (argv[1], "--serve"))
    {
      const char *opml = NULL, *urls = NULL;

      for (int i = 2; i + 1 < argc; i += 2)
        {
          if (g_str_equal (argv[i], "--opml"))
            opml = argv[i + 1];
          else if (g_str_equal (argv[i], "--urls"))
            urls = argv[i + 1];
        }
      return serve (opml, urls);
    }

  /* The corpus's size, as the server will send it. */
  for (int n = 1; n <= n_feeds; n++)
    {
      g_autofree char *doc = make_feed (n, &html_bytes);

      corpus_mb += strlen (doc) / 1e6;
    }

  html_kb = html_bytes / 1024.0;

  /* The link's target, not the link: under valgrind the link is
   * valgrind's, and the server runs outside it. */
  self = g_file_read_link ("/proc/self/exe", &error);
  g_assert_no_error (error);
  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                            self, "--serve", NULL);
  g_assert_no_error (error);
  child_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  base = g_data_input_stream_read_line_utf8 (child_out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (base);

  dir = g_dir_make_tmp ("dossier-bench-XXXXXX", NULL);
  path = g_build_filename (dir, "dossier.db", NULL);
  wal = g_strconcat (path, "-wal", NULL);
  shm = g_strconcat (path, "-shm", NULL);
  store = dossier_store_open (path, &error);
  g_assert_no_error (error);
  fetcher = dossier_fetcher_new ();
  for (int n = 1; n <= n_feeds; n++)
    {
      g_autofree char *url = g_strdup_printf ("%s/feed/%d.xml", base, n);
      gint64 id = dossier_store_add_feed (store, url, NULL, NULL, &error);

      g_assert_no_error (error);
      g_array_append_val (ids, id);
    }

  /* BENCH_SQL: statements run on the new database first, to measure what
   * an index or a trigger costs the refresh by dropping it. */
  if (g_getenv ("BENCH_SQL") != NULL)
    g_assert_cmpint (sqlite3_exec (dossier_store_get_db (store), g_getenv ("BENCH_SQL"), NULL, NULL, NULL),
                     ==, SQLITE_OK);

  if (g_strcmp0 (g_getenv ("BENCH_SQL_PROFILE"), "1") == 0)
    {
      sql_costs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
      sqlite3_trace_v2 (dossier_store_get_db (store), SQLITE_TRACE_PROFILE, on_sql_profile, NULL);
    }

  rss_before = status_mb ("VmRSS:");
  sqlite3_db_status (dossier_store_get_db (store), SQLITE_DBSTATUS_CACHE_WRITE, &pages_written, &high, TRUE);
  cpu = process_cpu ();
  start = g_get_monotonic_time ();
  g_assert_true (dossier_refresh_feeds (store, fetcher, ids, NULL, count_result, first, &error));
  full = (g_get_monotonic_time () - start) / 1e6;
  cpu = process_cpu () - cpu;
  full_writer_cpu = writer_cpu;
  sqlite3_db_status (dossier_store_get_db (store), SQLITE_DBSTATUS_CACHE_WRITE, &pages_written, &high, FALSE);
  peak = status_mb ("VmHWM:");
  db_bytes = file_size (path) + file_size (wal);

  if (sql_costs != NULL)
    {
      sqlite3_trace_v2 (dossier_store_get_db (store), 0, NULL, NULL);
      print_sql_costs ();
    }

  start = g_get_monotonic_time ();
  g_assert_true (dossier_refresh_feeds (store, fetcher, ids, NULL, count_result, second, &error));
  unchanged = (g_get_monotonic_time () - start) / 1e6;

  g_clear_pointer (&store, dossier_store_close);
  stored = count_articles (path);

  ok = first[DOSSIER_REFRESH_UPDATED] == (guint) n_feeds && second[DOSSIER_REFRESH_UNCHANGED] == (guint) n_feeds &&
       stored == n_feeds * N_ITEMS &&
       n_feeds * N_ITEMS / full >= TARGET_RATE && unchanged < TARGET_304 && peak < TARGET_PEAK_MB;

  printf ("corpus:          %d feeds x %d items, %.1f MB, %.2f KB of HTML an item, %d%% of the feeds in Arabic\n",
          n_feeds, N_ITEMS, corpus_mb, html_kb / (n_feeds * N_ITEMS), 100 * (2 * n_feeds / 5) / n_feeds);
  printf ("full refresh:    %.2f s, %.0f articles/s, %.1f MB/s (target >= %.0f articles/s)\n",
          full, n_feeds * N_ITEMS / full, corpus_mb / full, TARGET_RATE);
  printf ("CPU time:        %.2f s (user + sys, every thread), %.2f s of it the writer's\n",
          cpu, full_writer_cpu);
  printf ("pages written:   %.1f per story (%d pages of the writer's cache)\n",
          (double) pages_written / (n_feeds * N_ITEMS), pages_written);
  printf ("database:        %.1f MB with its WAL after the refresh\n", db_bytes / 1e6);
  printf ("peak memory:     %.1f MB (VmHWM; %.1f MB before the refresh; target < %.0f MB)\n",
          peak, rss_before, TARGET_PEAK_MB);
  printf ("304 refresh:     %d feeds in %.3f s (target < %.0f s)\n", n_feeds, unchanged, TARGET_304);
  printf ("stories stored:  %" G_GINT64_FORMAT "; feeds updated: %u, then unchanged: %u\n",
          stored, first[DOSSIER_REFRESH_UPDATED], second[DOSSIER_REFRESH_UNCHANGED]);
  printf ("%s\n", ok ? "PASS" : "FAIL");

  /* Closing its standard input ends the server. */
  g_output_stream_close (g_subprocess_get_stdin_pipe (child), NULL, NULL);
  g_subprocess_wait (child, NULL, NULL);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (dir);
  return ok ? 0 : 1;
}
