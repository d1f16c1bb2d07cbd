/* SPDX-License-Identifier: GPL-3.0-or-later */

/* How well the shipped catalogue files real news: precision and recall of
 * entities and topics, per language, over tests/fixtures/tagger/real-news.json
 * and the sets found after it (excerpts of published English and Arabic
 * stories, hard negatives among them, labelled by hand before the tagger
 * ran on them, by the rules in tests/fixtures/tagger/README.md).
 *
 * The set has two parts. Rules are tuned on "tune", whose mistakes are
 * printed one by one; "held-out" is only ever counted, so that its figures
 * say whether the rules hold for text nobody tuned them on.
 *
 * Targets, in each language over the whole set: entities precision and
 * recall at least 97%; topics precision at least 95%, recall at least 92%.
 * Every trap (a name or keyword that must not file its story) must hold.
 * DOSSIER_ACCURACY_SKIP_NEWEST leaves the newest set out (the thirteenth,
 * unseen), totals included, while rules are written from the others'
 * mistakes. */

#include <errno.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "dossier-catalogue.h"
#include "dossier-tagger.h"
#include "dossier-tagger-private.h"
#include "test-util.h"

typedef struct {
  guint right, wrong, missed;
} Score;

typedef struct {
  Score entities, topics;
  guint stories;
} Part;

enum { LANG_EN, LANG_AR, N_LANGS };
enum { SPLIT_TUNE, SPLIT_HELD_OUT, SPLIT_ALL, SPLIT_SECOND, SPLIT_THIRD, SPLIT_FOURTH, SPLIT_FIFTH,
       SPLIT_SIXTH, SPLIT_SEVENTH, SPLIT_EIGHTH, SPLIT_NINTH, SPLIT_TENTH, SPLIT_ELEVENTH,
       SPLIT_TWELFTH, SPLIT_THIRTEENTH, N_SPLITS };

static const char * const lang_names[N_LANGS] = { "en", "ar" };
static const char * const split_names[N_SPLITS] = { "tune", "held-out", "first set",
                                                     "second set", "third set", "fourth set",
                                                     "fifth set", "sixth set",
                                                     "seventh set", "eighth set", "ninth set",
                                                     "tenth set", "eleventh set",
                                                     "twelfth set", "thirteenth set" };

/* The stories of the set in tests/fixtures/tagger/@name, read by @parser. */
static JsonArray *
load_stories (JsonParser *parser,
              const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = test_source_path ("fixtures", "tagger", name, NULL);

  if (!json_parser_load_from_file (parser, path, &error))
    g_error ("%s: %s", path, error->message);
  return json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "stories");
}

static GStrv
member_strv (JsonObject *object,
             const char *member)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array = json_object_has_member (object, member)
                     ? json_object_get_array_member (object, member) : NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    g_strv_builder_add (builder, json_array_get_string_element (array, i));
  return g_strv_builder_end (builder);
}

static double
ratio (guint right,
       guint total)
{
  return total > 0 ? (double) right / total : 1.0;
}

static double
precision (const Score *s)
{
  return ratio (s->right, s->right + s->wrong);
}

static double
recall (const Score *s)
{
  return ratio (s->right, s->right + s->missed);
}

static void
add_score (Score       *into,
           const Score *from)
{
  into->right += from->right;
  into->wrong += from->wrong;
  into->missed += from->missed;
}

/* Scores one kind (entities or topics) of one story; prints its mistakes
 * when @show. */
static void
score_kind (const char * const *found,
            const char * const *whys,
            const char * const *wanted,
            const char         *id,
            const char         *kind,
            gboolean            show,
            Score              *score)
{
  for (guint i = 0; found[i] != NULL; i++)
    {
      if (g_strv_contains (wanted, found[i]))
        score->right++;
      else
        {
          g_autofree char *why = g_strdelimit (g_strdup (whys[i]), "\n", ',');

          score->wrong++;
          if (show)
            printf ("# %s: filed under %s %s, which it is not about (by %s)\n",
                    id, kind, found[i], why);
        }
    }
  for (guint i = 0; wanted[i] != NULL; i++)
    if (!g_strv_contains (found, wanted[i]))
      {
        score->missed++;
        if (show)
          printf ("# %s: missed %s %s\n", id, kind, wanted[i]);
      }
}

/* Tags every story of one labelled file into @parts; prints the
 * mistakes when @show. */
static void
score_file (DossierCatalogue *catalogue,
            DossierTagger    *tagger,
            DossierTagResult *result,
            const char       *name,
            int               set,
            Part              parts[N_LANGS][N_SPLITS],
            guint            *traps,
            guint            *sprung)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *only = g_getenv ("DOSSIER_ACCURACY_STORY");
  JsonArray *stories = load_stories (parser, name);
  for (guint i = 0; i < json_array_get_length (stories); i++)
    {
      JsonObject *story = json_array_get_object_element (stories, i);
      const char *id = json_object_get_string_member (story, "id");
      const char *lang = json_object_get_string_member (story, "lang");
      gboolean held_out = g_strcmp0 (json_object_get_string_member (story, "split"), "held-out") == 0;
      g_auto(GStrv) entities = member_strv (story, "entities");
      g_auto(GStrv) topics = member_strv (story, "topics");
      g_auto(GStrv) never = member_strv (story, "not");
      g_autoptr(GPtrArray) found_entities = g_ptr_array_new ();
      g_autoptr(GPtrArray) found_topics = g_ptr_array_new ();
      g_autoptr(GPtrArray) entity_whys = g_ptr_array_new ();
      g_autoptr(GPtrArray) topic_whys = g_ptr_array_new ();
      int l = g_strcmp0 (lang, "ar") == 0 ? LANG_AR : LANG_EN;
      int s = set != SPLIT_ALL ? set : held_out ? SPLIT_HELD_OUT : SPLIT_TUNE;
      gboolean asked = only != NULL && (strcmp (only, "*") == 0 || strcmp (only, id) == 0);
      gboolean show = (set != SPLIT_TWELFTH && set != SPLIT_THIRTEENTH) || asked;
      Part story_part = { 0 };

      dossier_tagger_run (tagger, json_object_get_string_member (story, "title"),
                          json_object_get_string_member (story, "text"), result);
      for (guint m = 0; m < dossier_tag_result_get_n_matches (result); m++)
        {
          const DossierTagMatch *match = dossier_tag_result_get_match (result, m);
          DossierTagDef *tag = dossier_catalogue_get_tag (catalogue, match->tag);
          gboolean topic = dossier_tag_def_is_topic (tag);

          g_ptr_array_add (topic ? found_topics : found_entities, tag->slug);
          g_ptr_array_add (topic ? topic_whys : entity_whys, match->aliases);
          /* One story asked for: everything it was filed under, and why. */
          if (asked)
            {
              g_autofree char *why = g_strdelimit (g_strdup (match->aliases), "\n", ',');

              printf ("# %s: %s (%s)\n", id, tag->slug, why);
            }
        }
      g_ptr_array_add (found_entities, NULL);
      g_ptr_array_add (found_topics, NULL);

      score_kind ((const char * const *) found_entities->pdata,
                  (const char * const *) entity_whys->pdata, (const char * const *) entities,
                  id, "entity", show, &story_part.entities);
      score_kind ((const char * const *) found_topics->pdata,
                  (const char * const *) topic_whys->pdata, (const char * const *) topics,
                  id, "topic", show, &story_part.topics);

      for (guint n = 0; never[n] != NULL; n++)
        {
          (*traps)++;
          if (g_strv_contains ((const char * const *) found_entities->pdata, never[n]) ||
              g_strv_contains ((const char * const *) found_topics->pdata, never[n]))
            {
              (*sprung)++;
              if (show)
                printf ("# %s: the trap %s sprang\n", id, never[n]);
            }
        }

      for (int p = 0; p < 2; p++)
        {
          Part *part;

          if (p == 1 && set != SPLIT_ALL)
            break;
          part = &parts[l][p == 0 ? s : SPLIT_ALL];
          add_score (&part->entities, &story_part.entities);
          add_score (&part->topics, &story_part.topics);
          part->stories++;
        }
    }
}

/* ---- The features of the learned topic decision ------------------------- */

/* DOSSIER_ACCURACY_FEATURES=FILE writes, for tests/train-topics.py, what
 * the tagger saw of every story of the seen sets and stories.json: one
 * "T" line per topic it found any evidence for (the label, what the
 * hand-set threshold and the shipped decision said, the features), one
 * "M" line per labelled topic it found nothing for (missed whatever the
 * decision), one "E" line per story with its entities' score. The
 * unseen sets (the twelfth and the thirteenth) are not among them,
 * whatever the environment says. */
typedef struct {
  FILE               *out;
  DossierCatalogue   *catalogue;
  const char         *set;
  const char         *id;
  const char         *lang;
  const char * const *wanted;
  GPtrArray          *touched;
} Dump;

static void
dump_topic (guint        tag,
            const float *features,
            gboolean     rule_accepted,
            gboolean     accepted,
            gpointer     user_data)
{
  Dump *dump = user_data;
  const char *slug = dossier_catalogue_get_tag (dump->catalogue, tag)->slug;

  fprintf (dump->out, "T\t%s\t%s\t%s\t%s\t%d\t%d\t%d", dump->set, dump->id, dump->lang, slug,
           g_strv_contains (dump->wanted, slug), rule_accepted != FALSE, accepted != FALSE);
  for (guint f = 0; f < DOSSIER_TOPIC_N_FEATURES; f++)
    fprintf (dump->out, "\t%.6g", features[f]);
  fputc ('\n', dump->out);
  g_ptr_array_add (dump->touched, (gpointer) slug);
}

static gboolean
has_arabic (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x0600 && c <= 0x06ff)
        return TRUE;
    }
  return FALSE;
}

static void
dump_file (DossierCatalogue *catalogue,
           DossierTagger    *tagger,
           DossierTagResult *result,
           const char       *name,
           const char       *set,
           FILE             *out)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *stories = load_stories (parser, name);
  for (guint i = 0; i < json_array_get_length (stories); i++)
    {
      JsonObject *story = json_array_get_object_element (stories, i);
      const char *title = json_object_get_string_member (story, "title");
      const char *text = json_object_has_member (story, "text")
                         ? json_object_get_string_member (story, "text")
                         : json_object_get_string_member (story, "body");
      const char *lang = json_object_has_member (story, "lang")
                         ? json_object_get_string_member (story, "lang")
                         : has_arabic (title) ? "ar" : "en";
      g_auto(GStrv) entities = member_strv (story, "entities");
      g_auto(GStrv) topics = member_strv (story, "topics");
      g_autoptr(GPtrArray) found = g_ptr_array_new ();
      g_autoptr(GPtrArray) touched = g_ptr_array_new ();
      Dump dump = { out, catalogue, set, json_object_get_string_member (story, "id"),
                    g_strcmp0 (lang, "ar") == 0 ? "ar" : "en",
                    (const char * const *) topics, touched };
      Score score = { 0 };

      dossier_tagger_run (tagger, title, text, result);
      dossier_tag_result_foreach_topic (result, dump_topic, &dump);
      g_ptr_array_add (touched, NULL);
      for (guint t = 0; topics[t] != NULL; t++)
        if (!g_strv_contains ((const char * const *) touched->pdata, topics[t]))
          fprintf (out, "M\t%s\t%s\t%s\t%s\n", set, dump.id, dump.lang, topics[t]);

      for (guint m = 0; m < dossier_tag_result_get_n_matches (result); m++)
        {
          DossierTagDef *tag = dossier_catalogue_get_tag (catalogue,
                                                          dossier_tag_result_get_match (result, m)->tag);

          if (!dossier_tag_def_is_topic (tag))
            g_ptr_array_add (found, tag->slug);
        }
      for (guint f = 0; f < found->len; f++)
        {
          if (g_strv_contains ((const char * const *) entities, g_ptr_array_index (found, f)))
            score.right++;
          else
            score.wrong++;
        }
      g_ptr_array_add (found, NULL);
      for (guint e = 0; entities[e] != NULL; e++)
        score.missed += !g_strv_contains ((const char * const *) found->pdata, entities[e]);
      fprintf (out, "E\t%s\t%s\t%s\t%u\t%u\t%u\n", set, dump.id, dump.lang,
               score.right, score.wrong, score.missed);
    }
}

static void
dump_features (DossierCatalogue *catalogue,
               DossierTagger    *tagger,
               DossierTagResult *result,
               const char       *path)
{
  /* The seen sets by name: never an unseen one. */
  static const char * const files[][2] = {
    { "real-news.json", "1" }, { "real-news-unseen.json", "2" },
    { "real-news-third.json", "3" }, { "real-news-fourth.json", "4" },
    { "real-news-fifth.json", "5" }, { "real-news-sixth.json", "6" },
    { "real-news-seventh.json", "7" }, { "real-news-eighth.json", "8" },
    { "real-news-ninth.json", "9" }, { "real-news-tenth.json", "10" },
    { "real-news-eleventh.json", "11" }, { "stories.json", "stories" },
  };
  const char * const *names = dossier_tagger_topic_feature_names ();
  FILE *out = fopen (path, "w");

  if (out == NULL)
    g_error ("%s: %s", path, g_strerror (errno));
  fprintf (out, "#\tkind\tset\tid\tlang\ttopic\tlabel\trule\taccepted");
  for (guint f = 0; names[f] != NULL; f++)
    fprintf (out, "\t%s", names[f]);
  fputc ('\n', out);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    dump_file (catalogue, tagger, result, files[i][0], files[i][1], out);
  if (fclose (out) != 0)
    g_error ("%s: %s", path, g_strerror (errno));
}

static gboolean
meets_targets (const Part *p)
{
  return precision (&p->entities) >= 0.97 && recall (&p->entities) >= 0.97 &&
         precision (&p->topics) >= 0.95 && recall (&p->topics) >= 0.92;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierCatalogue) catalogue = dossier_catalogue_new_builtin (&error);
  DossierTagger *tagger;
  DossierTagResult *result;
  Part parts[N_LANGS][N_SPLITS] = { 0 };
  static const struct { const char *file; int split; } sets[] = {
    { "real-news.json", SPLIT_ALL },
    { "real-news-unseen.json", SPLIT_SECOND },
    { "real-news-third.json", SPLIT_THIRD },
    { "real-news-fourth.json", SPLIT_FOURTH },
    { "real-news-fifth.json", SPLIT_FIFTH },
    { "real-news-sixth.json", SPLIT_SIXTH },
    { "real-news-seventh.json", SPLIT_SEVENTH },
    { "real-news-eighth.json", SPLIT_EIGHTH },
    { "real-news-ninth.json", SPLIT_NINTH },
    { "real-news-tenth.json", SPLIT_TENTH },
    { "real-news-eleventh.json", SPLIT_ELEVENTH },
    { "real-news-twelfth.json", SPLIT_TWELFTH },
    { "real-news-thirteenth.json", SPLIT_THIRTEENTH },
  };
  /* While rules are written from the first eleven sets' mistakes, the
   * newest (the thirteenth, unseen) can be left out altogether, totals
   * included; the twelfth, unseen too, stays counted. */
  guint n_sets = g_getenv ("DOSSIER_ACCURACY_SKIP_NEWEST") != NULL ? G_N_ELEMENTS (sets) - 1
                                                                  : G_N_ELEMENTS (sets);
  guint traps[G_N_ELEMENTS (sets)] = { 0 }, sprung[G_N_ELEMENTS (sets)] = { 0 };
  gboolean ok = TRUE;

  setvbuf (stdout, NULL, _IOLBF, 0);
  g_assert_no_error (error);
  tagger = dossier_tagger_new (catalogue);
  result = dossier_tag_result_new (tagger);

  if (g_getenv ("DOSSIER_ACCURACY_FEATURES") != NULL)
    {
      dump_features (catalogue, tagger, result, g_getenv ("DOSSIER_ACCURACY_FEATURES"));
      dossier_tag_result_free (result);
      dossier_tagger_free (tagger);
      return 0;
    }

  /* Rules were written from the mistakes of the first set (both its
   * parts by now), then of the second, the third, the fourth, the fifth,
   * the sixth, the seventh, the eighth and the ninth, each labelled and
   * measured before anyone read them (the README keeps the figures each
   * had when it was unseen). The tenth and the eleventh, each measured
   * unseen, are seen sets now that the twelfth has come: their mistakes
   * are printed like the others'. The mistakes of the twelfth and the
   * thirteenth are not printed, so that a glance at the output does not
   * tune on them: both are still unseen (nobody has read the twelfth's
   * mistakes, though it is no longer the newest). DOSSIER_ACCURACY_STORY=ID
   * prints one story's tags and why, =* every story's. */
  printf ("# mistakes on the first eleven sets:\n");
  for (guint i = 0; i < n_sets; i++)
    score_file (catalogue, tagger, result, sets[i].file, sets[i].split, parts,
                &traps[i], &sprung[i]);

  printf ("\n%-3s %-14s %8s  %-15s %-15s\n", "", "", "", "entities", "topics");
  printf ("%-3s %-14s %8s  %7s %7s  %7s %7s\n", "", "part", "stories",
          "P", "R", "P", "R");
  for (int l = 0; l < N_LANGS; l++)
    for (int s = 0; s < N_SPLITS; s++)
      {
        if (s == SPLIT_THIRTEENTH && n_sets < G_N_ELEMENTS (sets))
          continue;
        Part *p = &parts[l][s];

        printf ("%-3s %-14s %8u  %6.1f%% %6.1f%%  %6.1f%% %6.1f%%\n", lang_names[l], split_names[s],
                p->stories, 100 * precision (&p->entities), 100 * recall (&p->entities),
                100 * precision (&p->topics), 100 * recall (&p->topics));
      }
  for (guint i = 0; i < n_sets; i++)
    {
      printf ("traps of %s: %u of %u held\n", sets[i].file, traps[i] - sprung[i], traps[i]);
      ok &= sprung[i] == 0;
    }
  printf ("targets, each language, on each set: "
          "entities P and R >= 97%%, topics P >= 95%% and R >= 92%%\n");

  for (int l = 0; l < N_LANGS; l++)
    for (guint i = 0; i < n_sets; i++)
      {
        gboolean met = meets_targets (&parts[l][sets[i].split]);

        printf ("%s, %s: %s\n", lang_names[l], split_names[sets[i].split], met ? "met" : "not met");
        ok &= met;
      }
  printf ("%s\n", ok ? "PASS" : "FAIL");

  dossier_tag_result_free (result);
  dossier_tagger_free (tagger);
  return ok ? 0 : 1;
}
