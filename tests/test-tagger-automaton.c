/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The tagger's automaton keeps a table row only for its shallow states;
 * a deep one keeps a few edges and the shallow state it falls back to.
 * These tests hold that compact form to what a row for every state
 * would do, at every depth of the cut: a wrong edge, a lost failure link
 * or a wrong fallback files a story otherwise. */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "dossier-catalogue.h"
#include "dossier-tagger.h"
#include "dossier-tagger-private.h"
#include "test-util.h"

/* Depths of the cut: the root alone, a few bytes, the shipped cut (8),
 * past it, and every state in the table. */
static const guint depths[] = { 0, 1, 3, 8, 12, G_MAXUINT };

/* Every match of a story: tag, counts and why, one line each. */
static char *
describe (DossierTagger    *tagger,
          DossierTagResult *result,
          const char       *title,
          const char       *body)
{
  GString *out = g_string_new (NULL);

  dossier_tagger_run (tagger, title, body, result);
  for (guint i = 0; i < dossier_tag_result_get_n_matches (result); i++)
    {
      const DossierTagMatch *match = dossier_tag_result_get_match (result, i);

      g_string_append_printf (out, "%u %u %u %s\n", match->tag, match->title_count,
                              match->body_count, match->aliases != NULL ? match->aliases : "");
    }
  return g_string_free (out, FALSE);
}

static int
compare_slugs (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The slugs a story is filed under, sorted, as one string. */
static char *
slugs (DossierTagger    *tagger,
       DossierTagResult *result,
       const char       *text)
{
  DossierCatalogue *catalogue = dossier_tagger_get_catalogue (tagger);
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  dossier_tagger_run (tagger, NULL, text, result);
  for (guint i = 0; i < dossier_tag_result_get_n_matches (result); i++)
    g_ptr_array_add (found, dossier_catalogue_get_tag (catalogue,
                                                       dossier_tag_result_get_match (result, i)->tag)->slug);
  g_ptr_array_sort (found, compare_slugs);
  g_ptr_array_add (found, NULL);
  return g_strjoinv (" ", (char **) found->pdata);
}

/* Names long enough to end far below the cut, which overlap: the end of
 * one is the start of others, so the automaton reaches them only by a
 * deep state's failure link to another deep state, one with several
 * children ("beta gamma delta" goes on to epsilon, theta or zeta). */
static void
test_deep_links (void)
{
  static const struct { const char *slug, *alias; } names[] = {
    { "first", "Alpha Beta Gamma Delta" },
    { "second", "Beta Gamma Delta Epsilon" },
    { "third", "Beta Gamma Delta Theta" },
    { "fourth", "Beta Gamma Delta Zeta" },
    { "fifth", "Omega" },
    { "sixth", "Gamma Delta" },
    { "regulator", "هيئة تنظيم السوق الصينية" },
    { "market", "تنظيم السوق المالية" },
  };
  static const struct { const char *text, *slugs; } stories[] = {
    { "Alpha Beta Gamma Delta Epsilon said", "first second sixth" },
    { "Alpha Beta Gamma Delta Theta said", "first sixth third" },
    { "Alpha Beta Gamma Delta Zeta said", "first fourth sixth" },
    /* The chain breaks deep, and a name starts where it broke. */
    { "Alpha Beta Gamma Omega said", "fifth" },
    { "Alpha Beta Gamma Delt Epsilon", "" },
    { "Beta Gamma Delta Eta Omega", "fifth sixth" },
    /* Two bytes a letter: the lead byte already leaves the chain. */
    { "قالت هيئة تنظيم السوق المالية", "market" },
    { "قالت هيئة تنظيم السوق الصينية", "regulator" },
  };
  g_autoptr(DossierCatalogue) catalogue = dossier_catalogue_new ();
  g_autoptr(DossierTagger) tagger = NULL;
  g_autoptr(DossierTagResult) result = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      guint index = dossier_catalogue_add_tag (catalogue, names[i].slug, "company",
                                               names[i].alias, names[i].alias);

      dossier_catalogue_add_alias (catalogue, index, names[i].alias, NULL, FALSE, FALSE);
    }
  tagger = dossier_tagger_new (catalogue);
  result = dossier_tag_result_new (tagger);

  for (gsize d = 0; d <= G_N_ELEMENTS (depths); d++)
    {
      /* The shipped cut first, as dossier_tagger_new () built it. */
      if (d > 0)
        dossier_tagger_set_dense_depth (tagger, depths[d - 1]);
      for (gsize s = 0; s < G_N_ELEMENTS (stories); s++)
        {
          g_autofree char *found = slugs (tagger, result, stories[s].text);

          if (g_strcmp0 (found, stories[s].slugs) != 0)
            g_test_message ("cut at %u: %s", d > 0 ? depths[d - 1] : 8, stories[s].text);
          g_assert_cmpstr (found, ==, stories[s].slugs);
        }
    }
}

/* The shipped catalogue over real news and over splices of its own
 * names, cut off anywhere: with a row for every state, with none but the
 * root's and at the shipped cut, every story is filed alike, whys and
 * counts included. */
static void
test_same_as_table (void)
{
  static const guint cuts[] = { G_MAXUINT, 0, 8 };
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierCatalogue) catalogue = dossier_catalogue_new_builtin (&error);
  g_autofree char *path = test_source_path ("fixtures", "tagger", "real-news.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(DossierTagger) tagger = NULL;
  g_autoptr(DossierTagResult) result = NULL;
  g_autoptr(GPtrArray) titles = g_ptr_array_new ();
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (8);
  JsonArray *stories;
  gsize full_size = 0;
  guint filed = 0;

  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  stories = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "stories");
  for (guint i = 0; i < json_array_get_length (stories); i++)
    {
      JsonObject *story = json_array_get_object_element (stories, i);

      g_ptr_array_add (titles, (gpointer) json_object_get_string_member (story, "title"));
      g_ptr_array_add (bodies, g_strdup (json_object_get_string_member (story, "text")));
    }

  /* Names cut off anywhere and glued: chains broken deep, and resumed. */
  for (guint t = 0; t < dossier_catalogue_get_n_tags (catalogue); t++)
    {
      DossierTagDef *tag = dossier_catalogue_get_tag (catalogue, t);

      for (guint a = 0; a < tag->aliases->len; a++)
        g_ptr_array_add (names, ((DossierAlias *) g_ptr_array_index (tag->aliases, a))->text);
    }
  for (guint i = 0; i < 400; i++)
    {
      static const char *glue[] = { " ", "", ". ", " و", " ال", " the " };
      GString *text = g_string_new (NULL);
      guint parts = g_rand_int_range (rand, 2, 10);

      for (guint k = 0; k < parts; k++)
        {
          const char *name = g_ptr_array_index (names, g_rand_int_range (rand, 0, names->len));
          glong length = g_utf8_strlen (name, -1);
          glong to = g_rand_boolean (rand) ? length : g_rand_int_range (rand, 0, length + 1);

          g_string_append_len (text, name, g_utf8_offset_to_pointer (name, to) - name);
          g_string_append (text, glue[g_rand_int_range (rand, 0, G_N_ELEMENTS (glue))]);
        }
      g_ptr_array_add (titles, NULL);
      g_ptr_array_add (bodies, g_string_free (text, FALSE));
    }

  tagger = dossier_tagger_new (catalogue);
  result = dossier_tag_result_new (tagger);
  for (gsize c = 0; c < G_N_ELEMENTS (cuts); c++)
    {
      dossier_tagger_set_dense_depth (tagger, cuts[c]);
      if (c == 0)
        full_size = dossier_tagger_get_size (tagger);
      else
        g_assert_cmpuint (dossier_tagger_get_size (tagger), <, full_size);
      for (guint i = 0; i < bodies->len; i++)
        {
          const char *title = g_ptr_array_index (titles, i);
          const char *body = g_ptr_array_index (bodies, i);
          char *found = describe (tagger, result, title, body);

          if (c == 0)
            {
              g_ptr_array_add (expected, found);
              filed += found[0] != '\0';
              continue;
            }
          if (g_strcmp0 (found, g_ptr_array_index (expected, i)) != 0)
            g_test_message ("cut at %u, story %u: %s", cuts[c], i, body);
          g_assert_cmpstr (found, ==, g_ptr_array_index (expected, i));
          g_free (found);
        }
    }
  /* Most of them name something: the comparison saw matches. */
  g_assert_cmpuint (filed, >, bodies->len / 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tagger-automaton/deep-links", test_deep_links);
  g_test_add_func ("/tagger-automaton/same-as-table", test_same_as_table);

  return g_test_run ();
}
