/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * How well the article extractor finds the main text of real articles:
 * token recall and precision against each page's labelled text, averaged
 * over the pages of tests/fixtures/extract (the tuning set, which the
 * rules were adjusted on) and, apart, of tests/fixtures/extract/held-out
 * (pages they were never adjusted on), beside the same figures for the
 * whole page's text (the floor to beat). Targets: recall and precision at
 * least 90% on each set.
 */
#include <glib.h>
#include <string.h>

#include "dossier-extract.h"
#include "dossier-html.h"

/* Words as search sees them: runs of letters and digits, case folded. */
static GHashTable *
tokens (const char *text,
        guint      *count)
{
  GHashTable *bag = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GString *word = g_string_new (NULL);

  *count = 0;
  for (const char *p = text != NULL ? text : ""; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && (g_unichar_isalnum (c) || g_unichar_ismark (c)))
        {
          g_string_append_unichar (word, g_unichar_tolower (c));
          continue;
        }
      if (word->len > 0)
        {
          gpointer n = g_hash_table_lookup (bag, word->str);

          g_hash_table_insert (bag, g_strdup (word->str), GUINT_TO_POINTER (GPOINTER_TO_UINT (n) + 1));
          (*count)++;
          g_string_truncate (word, 0);
        }
      if (c == 0)
        break;
    }
  g_string_free (word, TRUE);
  return bag;
}

static void
score (const char *expected,
       const char *got,
       double     *precision,
       double     *recall)
{
  guint n_expected, n_got, common = 0;
  g_autoptr(GHashTable) want = tokens (expected, &n_expected);
  g_autoptr(GHashTable) have = tokens (got, &n_got);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, have);
  while (g_hash_table_iter_next (&iter, &key, &value))
    common += MIN (GPOINTER_TO_UINT (value), GPOINTER_TO_UINT (g_hash_table_lookup (want, key)));
  *precision = n_got > 0 ? (double) common / n_got : 0;
  *recall = n_expected > 0 ? (double) common / n_expected : 0;
}

typedef struct {
  double precision, recall;         /* the extractor's, summed over pages */
  double page_precision, page_recall;
  guint  pages, titles, failures;
  gint64 time;
} Figures;

/* The .html pages of @dir, in name order. */
static GPtrArray *
page_names (const char *dir)
{
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (folder == NULL)
    g_error ("no folder %s", dir);
  while ((name = g_dir_read_name (folder)) != NULL)
    if (g_str_has_suffix (name, ".html"))
      g_ptr_array_add (names, g_strdup (name));
  /* g_strcmp0 on the array's slots would compare pointers to strings. */
  for (guint i = 1; i < names->len; i++)
    for (guint j = i; j > 0 && strcmp (names->pdata[j - 1], names->pdata[j]) > 0; j--)
      {
        gpointer t = names->pdata[j];

        names->pdata[j] = names->pdata[j - 1];
        names->pdata[j - 1] = t;
      }
  return names;
}

static void
measure (const char *dir,
         Figures    *f)
{
  g_autoptr(GPtrArray) names = page_names (dir);

  g_print ("%-28s %9s %9s   %9s %9s  %s\n", "page", "precision", "recall", "page prec", "page rec", "title");
  for (guint i = 0; i < names->len; i++)
    {
      const char *page_name = names->pdata[i];
      g_autofree char *path = g_build_filename (dir, page_name, NULL);
      g_autofree char *stem = g_strndup (page_name, strlen (page_name) - 5);
      g_autofree char *label_path = g_strdup_printf ("%s/%s.expected.txt", dir, stem);
      g_autofree char *html = NULL, *label = NULL, *whole = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(DossierExtract) extract = NULL;
      gsize length;
      const char *body;
      g_autofree char *want_title = NULL;
      double p = 0, r = 0, wp, wr;
      gint64 start;

      if (!g_file_get_contents (path, &html, &length, &error) ||
          !g_file_get_contents (label_path, &label, NULL, &error))
        g_error ("%s", error->message);
      /* The label: the title, a blank line, the paragraphs. */
      body = strstr (label, "\n\n");
      want_title = g_strndup (label, body != NULL ? (gsize) (body - label) : strlen (label));
      body = body != NULL ? body + 2 : "";

      start = g_get_monotonic_time ();
      extract = dossier_extract (html, length, "https://news.example/article", NULL, &error);
      f->time += g_get_monotonic_time () - start;
      if (extract != NULL)
        score (body, extract->text, &p, &r);
      else
        f->failures++;
      whole = dossier_html_to_text (html, length);
      score (body, whole, &wp, &wr);
      if (extract != NULL && g_strcmp0 (extract->title, want_title) == 0)
        f->titles++;

      g_print ("%-28s %8.1f%% %8.1f%%   %8.1f%% %8.1f%%  %s%s\n", stem, p * 100, r * 100, wp * 100, wr * 100,
               extract != NULL && g_strcmp0 (extract->title, want_title) == 0 ? "ok" : "differs",
               extract == NULL ? " (no article found)" : "");
      f->precision += p;
      f->recall += r;
      f->page_precision += wp;
      f->page_recall += wr;
      f->pages++;
    }
  if (f->pages == 0)
    g_error ("no pages in %s", dir);
}

static gboolean
report (const char    *name,
        const Figures *f)
{
  double p = f->precision / f->pages, r = f->recall / f->pages;

  g_print ("%s: %u pages, %u titles right, %u without an article; %.1f ms a page\n",
           name, f->pages, f->titles, f->failures, f->time / 1000.0 / f->pages);
  g_print ("%s: extractor  precision %.1f%%  recall %.1f%%\n", name, p * 100, r * 100);
  g_print ("%s: whole page precision %.1f%%  recall %.1f%%\n", name,
           f->page_precision / f->pages * 100, f->page_recall / f->pages * 100);
  return p >= 0.9 && r >= 0.9;
}

/* bench-extract TUNING_DIR [HELD_OUT_DIR]: the pages the rules were
 * written against, and apart from them the pages they never saw. */
int
main (int    argc,
      char **argv)
{
  const char *tuning_dir = argc > 1 ? argv[1] : "tests/fixtures/extract";
  const char *held_out_dir = argc > 2 ? argv[2] : NULL;
  Figures tuning = { 0 }, held_out = { 0 };
  gboolean pass;

  g_print ("Tuning set (%s): the pages the extractor's rules were adjusted on\n", tuning_dir);
  measure (tuning_dir, &tuning);
  if (held_out_dir != NULL)
    {
      g_print ("\nHeld-out set (%s): pages the rules were not adjusted on\n", held_out_dir);
      measure (held_out_dir, &held_out);
    }
  g_print ("\n");
  pass = report ("tuning", &tuning);
  if (held_out_dir != NULL)
    pass = report ("held-out", &held_out) && pass;
  g_print ("%s (targets: precision and recall at least 90%% on each set)\n", pass ? "PASS" : "FAIL");
  return pass ? 0 : 1;
}
