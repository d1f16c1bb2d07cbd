/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-tagger"

#include "config.h"

#include <string.h>

#include "dossier-tagger.h"
#include "dossier-normalize.h"

/*
 * Text is scanned once into a compact stream: normalised bytes with the
 * separators between words (spaces, hyphens, slashes) left out, so that
 * "Deep Seek", "Deep-Seek" and "DeepSeek" read alike, and with every other
 * non-word character (punctuation, symbols, a skipped URL) turned into one
 * BREAK byte that no match crosses. A parallel byte per position says where
 * a word starts and whether the original letter was upper case.
 */

#define BREAK 0x01

enum {
  F_WORD_START = 1 << 0,   /* text and patterns: a word starts here */
  F_UPPER      = 1 << 1,   /* text and patterns: an upper-case ASCII letter */
  F_SPLIT      = 1 << 2,   /* patterns: the text may put a separator here */
  F_CAMEL      = 1 << 3,   /* patterns, while scanning: a lower-to-upper step */
};

enum {
  P_ARABIC_START = 1 << 0, /* may follow Arabic proclitics in the same word */
  P_CJK_START    = 1 << 1, /* Chinese has no word boundaries to check */
  P_CJK_END      = 1 << 2,
  P_EXACT        = 1 << 3, /* the case of its letters must match */
  P_STRONG       = 1 << 4, /* a phrase, a Chinese term or a marked word */
};

typedef enum {
  K_WORD,
  K_MARK,     /* inside a word, no boundary (tashkeel, tatweel, ZWNJ) */
  K_SEP,
  K_BREAK,
} CharKind;

typedef struct {
  guint   tag;
  guint   alias;      /* global alias number */
  guint   group;
  guint   length;
  guint   masks;      /* offset of its per-byte F_* flags in tagger->masks */
  guint8  flags;
} Pattern;

typedef struct {
  guint  tag;
  guint  index;       /* in the tag's alias list */
} AliasRef;

struct _DossierTagger {
  DossierCatalogue *catalogue;
  guint             n_tags;
  int              *parents;        /* per tag: the parent's index or -1 */
  gboolean         *topics;         /* per tag */
  GArray           *aliases;        /* AliasRef, by global alias number */
  guint             n_groups;
  GArray           *patterns;       /* Pattern */
  GByteArray       *masks;          /* per pattern byte: F_UPPER, F_SPLIT */
  GByteArray       *pattern_bytes;  /* the bytes themselves, same offsets */
  guint8            classes[256];
  guint             n_classes;
  guint             n_states;
  guint32          *delta;          /* n_states * n_classes */
  guint32          *out_start;      /* n_states + 1 */
  guint32          *outputs;
};

typedef struct {
  GString    *bytes;
  GByteArray *flags;
} Scan;

typedef struct {
  guint    stamp;
  guint    title_count;
  guint    body_count;
  guint    evidence;        /* body keywords: 1 a word, 2 a strong one,
                               counted once a keyword group */
  gssize   last_end;        /* end of the last counted hit, to skip overlaps */
  GArray  *aliases;         /* global alias numbers */
} TagState;

struct _DossierTagResult {
  DossierTagger *tagger;
  Scan           scan;
  guint          stamp;
  TagState      *tags;
  guint         *group_stamps;
  guint         *strong_stamps; /* groups already counted as strong */
  guint         *alias_stamps;
  GArray        *touched;     /* tag indices */
  GArray        *matches;     /* DossierTagMatch */
};

/* ---- Scanning ----------------------------------------------------------- */

typedef struct {
  guint8 kind;
  guint8 length;
  char   bytes[6];
} ArabicChar;

static ArabicChar arabic_table[256];

static void
init_arabic_table (void)
{
  for (gunichar ch = 0x0600; ch <= 0x06FF; ch++)
    {
      ArabicChar *entry = &arabic_table[ch - 0x0600];
      char utf8[8];
      int n = g_unichar_to_utf8 (ch, utf8);
      g_autofree char *folded = dossier_normalize (utf8, n);

      switch (g_unichar_type (ch))
        {
        case G_UNICODE_LOWERCASE_LETTER: case G_UNICODE_MODIFIER_LETTER:
        case G_UNICODE_OTHER_LETTER: case G_UNICODE_DECIMAL_NUMBER:
        case G_UNICODE_OTHER_NUMBER:
          entry->kind = K_WORD;
          break;
        case G_UNICODE_NON_SPACING_MARK: case G_UNICODE_SPACING_MARK:
        case G_UNICODE_ENCLOSING_MARK: case G_UNICODE_FORMAT:
          entry->kind = K_MARK;
          break;
        case G_UNICODE_SPACE_SEPARATOR:
          entry->kind = K_SEP;
          break;
        default:
          entry->kind = K_BREAK;
          break;
        }
      if (strlen (folded) <= sizeof entry->bytes)
        {
          entry->length = strlen (folded);
          memcpy (entry->bytes, folded, entry->length);
        }
      else
        entry->kind = K_BREAK;
    }
}

static CharKind
unicode_kind (gunichar ch)
{
  switch (g_unichar_type (ch))
    {
    case G_UNICODE_UPPERCASE_LETTER: case G_UNICODE_LOWERCASE_LETTER:
    case G_UNICODE_TITLECASE_LETTER: case G_UNICODE_MODIFIER_LETTER:
    case G_UNICODE_OTHER_LETTER: case G_UNICODE_DECIMAL_NUMBER:
    case G_UNICODE_LETTER_NUMBER: case G_UNICODE_OTHER_NUMBER:
      return K_WORD;
    case G_UNICODE_NON_SPACING_MARK: case G_UNICODE_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK: case G_UNICODE_FORMAT:
      return K_MARK;
    case G_UNICODE_SPACE_SEPARATOR: case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR: case G_UNICODE_DASH_PUNCTUATION:
      return K_SEP;
    default:
      return K_BREAK;
    }
}

static inline gboolean
is_url_start (const char *p,
              const char *end)
{
  gsize left = end - p;

  return (left > 7 && g_ascii_strncasecmp (p, "http://", 7) == 0) ||
         (left > 8 && g_ascii_strncasecmp (p, "https://", 8) == 0) ||
         (left > 4 && g_ascii_strncasecmp (p, "www.", 4) == 0);
}

static inline void
emit_break (Scan     *scan,
            gboolean *word_start)
{
  if (scan->bytes->len > 0 && scan->bytes->str[scan->bytes->len - 1] != BREAK)
    {
      guint8 flag = F_WORD_START;

      g_string_append_c (scan->bytes, BREAK);
      g_byte_array_append (scan->flags, &flag, 1);
    }
  *word_start = TRUE;
}

/* Appends the flags for bytes the last step added to scan->bytes. */
static inline void
flag_new_bytes (Scan     *scan,
                gboolean *word_start,
                guint8    first_flags)
{
  guint added = scan->bytes->len - scan->flags->len;

  if (added == 0)
    return;
  if (*word_start)
    first_flags |= F_WORD_START;
  *word_start = FALSE;
  g_byte_array_append (scan->flags, &first_flags, 1);
  for (guint i = 1; i < added; i++)
    {
      guint8 none = 0;

      g_byte_array_append (scan->flags, &none, 1);
    }
}

static void
scan_text (Scan       *scan,
           const char *text,
           gboolean    skip_urls)
{
  const char *p = text;
  const char *end = text + strlen (text);
  gboolean word_start = TRUE;
  gboolean prev_lower = FALSE;

  while (p < end)
    {
      guchar c = *p;

      if (word_start && skip_urls && (c == 'h' || c == 'H' || c == 'w' || c == 'W') &&
          is_url_start (p, end))
        {
          /* A name inside a link is not a mention. */
          while (p < end && !g_ascii_isspace (*p) && *p != '"' && *p != '<' && *p != '>')
            p++;
          emit_break (scan, &word_start);
          prev_lower = FALSE;
          continue;
        }

      if (c < 0x80)
        {
          if (g_ascii_isalnum (c))
            {
              guint8 flag = 0;

              if (g_ascii_isupper (c))
                {
                  flag = F_UPPER;
                  if (prev_lower)
                    flag |= F_CAMEL;
                }
              if (word_start)
                flag |= F_WORD_START;
              word_start = FALSE;
              prev_lower = g_ascii_islower (c);
              g_string_append_c (scan->bytes, g_ascii_tolower (c));
              g_byte_array_append (scan->flags, &flag, 1);
            }
          else if (c == '.' && !word_start && p + 1 < end && g_ascii_isalnum (p[1]) &&
                   scan->bytes->len > 0 &&
                   g_ascii_isalnum (scan->bytes->str[scan->bytes->len - 1]))
            {
              /* Inside a name such as Z.ai or a number such as 2.0. */
              guint8 flag = 0;

              g_string_append_c (scan->bytes, '.');
              g_byte_array_append (scan->flags, &flag, 1);
              prev_lower = FALSE;
            }
          else if (g_ascii_isspace (c) || c == '-' || c == '_' || c == '/')
            {
              word_start = TRUE;
              prev_lower = FALSE;
            }
          else
            {
              emit_break (scan, &word_start);
              prev_lower = FALSE;
            }
          p++;
          continue;
        }

      prev_lower = FALSE;

      /* Arabic letters are most of what is not ASCII: a table does them. */
      if ((c == 0xD8 || c == 0xD9 || c == 0xDA || c == 0xDB) && p + 1 < end &&
          ((guchar) p[1] & 0xC0) == 0x80)
        {
          gunichar ch = ((c & 0x1F) << 6) | ((guchar) p[1] & 0x3F);
          const ArabicChar *entry = &arabic_table[ch - 0x0600];

          p += 2;
          switch (entry->kind)
            {
            case K_WORD:
            case K_MARK:
              g_string_append_len (scan->bytes, entry->bytes, entry->length);
              if (entry->kind == K_WORD || entry->length > 0)
                flag_new_bytes (scan, &word_start, 0);
              break;
            case K_SEP:
              word_start = TRUE;
              break;
            default:
              emit_break (scan, &word_start);
              break;
            }
          continue;
        }

      {
        gunichar ch = g_utf8_get_char_validated (p, end - p);
        const char *next;

        if (ch == (gunichar) -1 || ch == (gunichar) -2)
          {
            emit_break (scan, &word_start);
            p++;
            continue;
          }
        next = g_utf8_next_char (p);
        switch (unicode_kind (ch))
          {
          case K_WORD:
            dossier_normalize_append (scan->bytes, p, next - p);
            flag_new_bytes (scan, &word_start, 0);
            break;
          case K_MARK:
            {
              gsize before = scan->bytes->len;

              dossier_normalize_append (scan->bytes, p, next - p);
              if (scan->bytes->len > before)
                flag_new_bytes (scan, &word_start, 0);
            }
            break;
          case K_SEP:
            word_start = TRUE;
            break;
          default:
            emit_break (scan, &word_start);
            break;
          }
        p = next;
      }
    }
}

static void
scan_init (Scan *scan)
{
  scan->bytes = g_string_sized_new (4096);
  scan->flags = g_byte_array_sized_new (4096);
}

static void
scan_clear (Scan *scan)
{
  g_string_free (scan->bytes, TRUE);
  g_byte_array_unref (scan->flags);
}

static void
scan_reset (Scan *scan)
{
  g_string_truncate (scan->bytes, 0);
  g_byte_array_set_size (scan->flags, 0);
}

/* ---- Building ----------------------------------------------------------- */

static inline gboolean
is_cjk_lead (guchar c)
{
  /* U+3400..U+9FFF and the supplementary ideographs start with these. */
  return (c >= 0xE3 && c <= 0xE9) || c == 0xF0;
}

static inline gboolean
is_arabic_lead (guchar c)
{
  return c >= 0xD8 && c <= 0xDB;
}

/* The first byte of the last character of @bytes. */
static guchar
last_char_lead (const char *bytes,
                gsize       length)
{
  const char *p = bytes + length - 1;

  while (p > bytes && ((guchar) *p & 0xC0) == 0x80)
    p--;
  return *p;
}

static void
add_pattern (DossierTagger *tagger,
             GHashTable    *seen,
             guint          tag,
             guint          alias,
             guint          group,
             gboolean       exact,
             gboolean       strong,
             const char    *bytes,
             const guint8  *flags,
             gsize          length)
{
  Pattern pattern = { tag, alias, group, length, tagger->masks->len, 0 };
  g_autofree char *key = NULL;
  gpointer known;

  if (length == 0)
    return;

  /* Spellings that normalise alike (إنفيديا, انفيديا, ان فيديا) are one
   * pattern, split where any of them is. */
  key = g_strdup_printf ("%u:%d:%.*s", tag, exact, (int) length, bytes);
  if (g_hash_table_lookup_extended (seen, key, NULL, &known))
    {
      Pattern *first = &g_array_index (tagger->patterns, Pattern, GPOINTER_TO_UINT (known));

      for (gsize i = 1; i < length; i++)
        if (flags[i] & (F_WORD_START | F_CAMEL))
          tagger->masks->data[first->masks + i] |= F_SPLIT;
      return;
    }
  g_hash_table_insert (seen, g_steal_pointer (&key), GUINT_TO_POINTER (tagger->patterns->len));

  if (is_arabic_lead (bytes[0]))
    pattern.flags |= P_ARABIC_START;
  if (is_cjk_lead (bytes[0]))
    pattern.flags |= P_CJK_START;
  if (is_cjk_lead (last_char_lead (bytes, length)))
    pattern.flags |= P_CJK_END;
  if (exact)
    pattern.flags |= P_EXACT;
  if (strong || (pattern.flags & P_CJK_START))
    pattern.flags |= P_STRONG;

  for (gsize i = 0; i < length; i++)
    {
      guint8 mask = flags[i] & F_UPPER;

      /* The text may split the alias where the alias itself is split, or
       * at a camel-case step (DeepSeek: "Deep Seek"). */
      if (i > 0 && (flags[i] & (F_WORD_START | F_CAMEL)))
        mask |= F_SPLIT;
      g_byte_array_append (tagger->masks, &mask, 1);
    }
  g_byte_array_append (tagger->pattern_bytes, (const guint8 *) bytes, length);
  g_array_append_val (tagger->patterns, pattern);
}

static void
add_alias_patterns (DossierTagger *tagger,
                    GHashTable    *seen,
                    Scan          *scan,
                    guint          tag,
                    guint          alias_number,
                    DossierAlias  *alias)
{
  static const char article[] = "\xd8\xa7\xd9\x84";  /* ال */
  const char *bytes;
  const guint8 *flags;
  gsize length;

  scan_reset (scan);
  scan_text (scan, alias->text, FALSE);
  bytes = scan->bytes->str;
  flags = scan->flags->data;
  length = scan->bytes->len;

  /* Punctuation at either end of an alias ("Apple Inc.") is not needed. */
  while (length > 0 && bytes[0] == BREAK)
    bytes++, flags++, length--;
  while (length > 0 && bytes[length - 1] == BREAK)
    length--;

  add_pattern (tagger, seen, tag, alias_number, alias->group, alias->exact_case, alias->strong, bytes, flags, length);

  /* An Arabic alias with its article also matches after ل, which absorbs
   * the article's alef: الصين -> للصين. */
  if (length > 6 && memcmp (bytes, article, 4) == 0)
    add_pattern (tagger, seen, tag, alias_number, alias->group, alias->exact_case, alias->strong,
                 bytes + 4, flags + 4, length - 4);
}

static void
free_outputs (gpointer list)
{
  if (list != NULL)
    g_array_unref (list);
}

static void
build_automaton (DossierTagger *tagger)
{
  const guint8 *all = tagger->pattern_bytes->data;
  guint n_classes = 1;
  gsize capacity = 256;
  guint n_states = 1;
  guint32 *delta;
  g_autofree guint32 *fail = NULL;
  g_autofree guint32 *queue = NULL;
  g_autoptr(GPtrArray) own = g_ptr_array_new_with_free_func (free_outputs);
  g_autoptr(GArray) outputs = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint head = 0, tail = 0;

  /* Only bytes that occur in some pattern get a class; every other byte
   * (BREAK among them unless an alias holds punctuation) goes to class 0,
   * which leads back to the root. */
  memset (tagger->classes, 0, sizeof tagger->classes);
  for (guint i = 0; i < tagger->pattern_bytes->len; i++)
    if (tagger->classes[all[i]] == 0)
      tagger->classes[all[i]] = n_classes++;
  tagger->n_classes = n_classes;

  /* The trie, in the table that becomes the DFA; 0 means "no edge yet". */
  delta = g_new0 (guint32, capacity * n_classes);
  g_ptr_array_add (own, NULL);
  for (guint p = 0; p < tagger->patterns->len; p++)
    {
      Pattern *pattern = &g_array_index (tagger->patterns, Pattern, p);
      guint32 state = 0;

      for (guint i = 0; i < pattern->length; i++)
        {
          guint8 class = tagger->classes[all[pattern->masks + i]];
          guint32 *edge = &delta[state * n_classes + class];

          if (*edge == 0)
            {
              if (n_states == capacity)
                {
                  capacity *= 2;
                  delta = g_renew (guint32, delta, capacity * n_classes);
                  memset (delta + n_states * n_classes, 0,
                          (capacity - n_states) * n_classes * sizeof (guint32));
                  edge = &delta[state * n_classes + class];
                }
              *edge = n_states++;
              g_ptr_array_add (own, NULL);
            }
          state = *edge;
        }
      if (g_ptr_array_index (own, state) == NULL)
        g_ptr_array_index (own, state) = g_array_new (FALSE, FALSE, sizeof (guint32));
      g_array_append_val ((GArray *) g_ptr_array_index (own, state), p);
    }

  /* Failure links breadth first, filling the missing edges as we go, and
   * each state's outputs: its own patterns, then its failure state's. */
  fail = g_new0 (guint32, n_states);
  queue = g_new (guint32, n_states);
  tagger->out_start = g_new0 (guint32, n_states + 1);
  {
    g_autofree guint32 *out_first = g_new0 (guint32, n_states);
    g_autofree guint32 *out_count = g_new0 (guint32, n_states);

    for (guint c = 0; c < n_classes; c++)
      if (delta[c] != 0)
        {
          fail[delta[c]] = 0;
          queue[tail++] = delta[c];
        }

    /* The root has no outputs. */
    while (head < tail)
      {
        guint32 state = queue[head++];
        GArray *mine = g_ptr_array_index (own, state);
        guint32 inherited_first = out_first[fail[state]];
        guint32 inherited_count = out_count[fail[state]];

        out_first[state] = outputs->len;
        if (mine != NULL)
          g_array_append_vals (outputs, mine->data, mine->len);
        for (guint32 i = 0; i < inherited_count; i++)
          {
            /* A copy: appending may move the array the value lives in. */
            guint32 output = g_array_index (outputs, guint32, inherited_first + i);

            g_array_append_val (outputs, output);
          }
        out_count[state] = outputs->len - out_first[state];

        for (guint c = 0; c < n_classes; c++)
          {
            guint32 *edge = &delta[state * n_classes + c];

            if (*edge != 0)
              {
                fail[*edge] = delta[fail[state] * n_classes + c];
                queue[tail++] = *edge;
              }
            else
              *edge = delta[fail[state] * n_classes + c];
          }
      }

    /* Lay the outputs out by state so that a lookup is two loads. */
    {
      g_autoptr(GArray) ordered = g_array_sized_new (FALSE, FALSE, sizeof (guint32), outputs->len);

      for (guint s = 0; s < n_states; s++)
        {
          tagger->out_start[s] = ordered->len;
          g_array_append_vals (ordered, &g_array_index (outputs, guint32, out_first[s]), out_count[s]);
        }
      tagger->out_start[n_states] = ordered->len;
      tagger->outputs = (guint32 *) g_array_free (g_steal_pointer (&ordered), FALSE);
    }
  }

  tagger->delta = g_renew (guint32, delta, (gsize) n_states * n_classes);
  tagger->n_states = n_states;
}

DossierTagger *
dossier_tagger_new (DossierCatalogue *catalogue)
{
  static gsize table_ready = 0;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  DossierTagger *tagger;
  Scan scan;

  if (g_once_init_enter (&table_ready))
    {
      init_arabic_table ();
      g_once_init_leave (&table_ready, 1);
    }

  tagger = g_new0 (DossierTagger, 1);
  tagger->catalogue = dossier_catalogue_ref (catalogue);
  tagger->n_tags = dossier_catalogue_get_n_tags (catalogue);
  tagger->parents = g_new (int, tagger->n_tags);
  tagger->topics = g_new (gboolean, tagger->n_tags);
  tagger->aliases = g_array_new (FALSE, FALSE, sizeof (AliasRef));
  tagger->patterns = g_array_new (FALSE, FALSE, sizeof (Pattern));
  tagger->masks = g_byte_array_new ();
  tagger->pattern_bytes = g_byte_array_new ();

  scan_init (&scan);
  for (guint t = 0; t < tagger->n_tags; t++)
    {
      DossierTagDef *tag = dossier_catalogue_get_tag (catalogue, t);

      tagger->parents[t] = tag->parent != NULL ? dossier_catalogue_find (catalogue, tag->parent) : -1;
      tagger->topics[t] = dossier_tag_def_is_topic (tag);
      for (guint a = 0; a < tag->aliases->len; a++)
        {
          DossierAlias *alias = g_ptr_array_index (tag->aliases, a);
          AliasRef ref = { t, a };

          tagger->n_groups = MAX (tagger->n_groups, alias->group + 1);
          add_alias_patterns (tagger, seen, &scan, t, tagger->aliases->len, alias);
          g_array_append_val (tagger->aliases, ref);
        }
    }
  scan_clear (&scan);

  build_automaton (tagger);
  return tagger;
}

void
dossier_tagger_free (DossierTagger *tagger)
{
  if (tagger == NULL)
    return;
  dossier_catalogue_unref (tagger->catalogue);
  g_free (tagger->parents);
  g_free (tagger->topics);
  g_array_unref (tagger->aliases);
  g_array_unref (tagger->patterns);
  g_byte_array_unref (tagger->masks);
  g_byte_array_unref (tagger->pattern_bytes);
  g_free (tagger->delta);
  g_free (tagger->out_start);
  g_free (tagger->outputs);
  g_free (tagger);
}

DossierCatalogue *
dossier_tagger_get_catalogue (DossierTagger *tagger)
{
  return tagger->catalogue;
}

gsize
dossier_tagger_get_size (DossierTagger *tagger)
{
  return (gsize) tagger->n_states * tagger->n_classes * sizeof (guint32) +
         (tagger->n_states + 1) * sizeof (guint32) +
         tagger->out_start[tagger->n_states] * sizeof (guint32) +
         tagger->patterns->len * sizeof (Pattern) + tagger->masks->len * 2;
}

/* ---- Matching ----------------------------------------------------------- */

/* و ف, then ب ل ك, then ال, each optional; or و ف then لل (ل + ال). */
static gboolean
is_proclitic (const char *bytes,
              gsize       length)
{
  static const char waw[] = "\xd9\x88", fa[] = "\xd9\x81";
  static const char ba[] = "\xd8\xa8", lam[] = "\xd9\x84", kaf[] = "\xd9\x83";
  static const char alef[] = "\xd8\xa7";
  const char *p = bytes;
  const char *end = bytes + length;

  if (length == 0 || length % 2 != 0)
    return FALSE;
  if (memcmp (p, waw, 2) == 0 || memcmp (p, fa, 2) == 0)
    p += 2;
  if (p == end)
    return TRUE;
  if (end - p == 4 && memcmp (p, lam, 2) == 0 && memcmp (p + 2, lam, 2) == 0)
    return TRUE;
  if (memcmp (p, ba, 2) == 0 || memcmp (p, lam, 2) == 0 || memcmp (p, kaf, 2) == 0)
    p += 2;
  if (p == end)
    return TRUE;
  return end - p == 4 && memcmp (p, alef, 2) == 0 && memcmp (p + 2, lam, 2) == 0;
}

static gboolean
verify (DossierTagger *tagger,
        const Pattern *pattern,
        const char    *bytes,
        const guint8  *flags,
        gsize          length,
        gsize          start)
{
  gsize end = start + pattern->length;
  const guint8 *masks = tagger->masks->data + pattern->masks;

  if (!(pattern->flags & P_CJK_END) && end < length && !(flags[end] & F_WORD_START))
    return FALSE;

  if (!(pattern->flags & P_CJK_START) && !(flags[start] & F_WORD_START))
    {
      gsize word = start;

      if (!(pattern->flags & P_ARABIC_START))
        return FALSE;
      /* The longest run of proclitics is four letters (وبال). */
      while (word > 0 && start - word < 8 && !(flags[word] & F_WORD_START))
        word--;
      if (!(flags[word] & F_WORD_START) || !is_proclitic (bytes + word, start - word))
        return FALSE;
    }

  for (gsize i = 1; i < pattern->length; i++)
    if ((flags[start + i] & F_WORD_START) && !(masks[i] & F_SPLIT))
      return FALSE;

  if (pattern->flags & P_EXACT)
    for (gsize i = 0; i < pattern->length; i++)
      if (g_ascii_isalpha (bytes[start + i]) &&
          (flags[start + i] & F_UPPER) != (masks[i] & F_UPPER))
        return FALSE;

  return TRUE;
}

DossierTagResult *
dossier_tag_result_new (DossierTagger *tagger)
{
  DossierTagResult *result = g_new0 (DossierTagResult, 1);

  result->tagger = tagger;
  scan_init (&result->scan);
  result->tags = g_new0 (TagState, tagger->n_tags);
  for (guint t = 0; t < tagger->n_tags; t++)
    result->tags[t].aliases = g_array_new (FALSE, FALSE, sizeof (guint));
  result->group_stamps = g_new0 (guint, tagger->n_groups + 1);
  result->strong_stamps = g_new0 (guint, tagger->n_groups + 1);
  result->alias_stamps = g_new0 (guint, tagger->aliases->len + 1);
  result->touched = g_array_new (FALSE, FALSE, sizeof (guint));
  result->matches = g_array_new (FALSE, FALSE, sizeof (DossierTagMatch));
  return result;
}

static void
clear_matches (DossierTagResult *result)
{
  for (guint i = 0; i < result->matches->len; i++)
    g_free (g_array_index (result->matches, DossierTagMatch, i).aliases);
  g_array_set_size (result->matches, 0);
}

void
dossier_tag_result_free (DossierTagResult *result)
{
  if (result == NULL)
    return;
  clear_matches (result);
  g_array_unref (result->matches);
  g_array_unref (result->touched);
  for (guint t = 0; t < result->tagger->n_tags; t++)
    g_array_unref (result->tags[t].aliases);
  g_free (result->tags);
  g_free (result->group_stamps);
  g_free (result->strong_stamps);
  g_free (result->alias_stamps);
  scan_clear (&result->scan);
  g_free (result);
}

static TagState *
touch (DossierTagResult *result,
       guint             tag)
{
  TagState *state = &result->tags[tag];

  if (state->stamp != result->stamp)
    {
      state->stamp = result->stamp;
      state->title_count = 0;
      state->body_count = 0;
      state->evidence = 0;
      state->last_end = -1;
      g_array_set_size (state->aliases, 0);
      g_array_append_val (result->touched, tag);
    }
  return state;
}

static void
record (DossierTagResult *result,
        const Pattern    *pattern,
        gsize             start,
        gsize             end,
        gboolean          in_title)
{
  TagState *state = touch (result, pattern->tag);

  if (result->alias_stamps[pattern->alias] != result->stamp)
    {
      result->alias_stamps[pattern->alias] = result->stamp;
      g_array_append_val (state->aliases, pattern->alias);
    }

  /* Evidence counts keyword groups, not mentions; the longer of two
   * overlapping spellings ("ثغرات" inside "ثغرات أمنية") decides whether
   * the group was strong. */
  if (!in_title)
    {
      guint group = pattern->group;
      gboolean strong = (pattern->flags & P_STRONG) != 0;

      if (result->group_stamps[group] != result->stamp)
        {
          result->group_stamps[group] = result->stamp;
          state->evidence += strong ? 2 : 1;
          if (strong)
            result->strong_stamps[group] = result->stamp;
        }
      else if (strong && result->strong_stamps[group] != result->stamp)
        {
          result->strong_stamps[group] = result->stamp;
          state->evidence += 1;
        }
    }

  /* Two aliases over the same words ("Nvidia" and "Nvidia Corp") are one
   * mention. */
  if ((gssize) start < state->last_end)
    return;
  state->last_end = end;

  if (in_title)
    state->title_count++;
  else
    state->body_count++;
}

static int
compare_matches (gconstpointer a,
                 gconstpointer b)
{
  const DossierTagMatch *x = a, *y = b;

  return (x->tag > y->tag) - (x->tag < y->tag);
}

static char *
join_aliases (DossierTagger *tagger,
              GArray        *numbers)
{
  GString *joined = g_string_new (NULL);

  for (guint i = 0; i < numbers->len; i++)
    {
      AliasRef *ref = &g_array_index (tagger->aliases, AliasRef,
                                      g_array_index (numbers, guint, i));
      DossierTagDef *tag = dossier_catalogue_get_tag (tagger->catalogue, ref->tag);
      DossierAlias *alias = g_ptr_array_index (tag->aliases, ref->index);

      if (joined->len > 0)
        g_string_append_c (joined, '\n');
      g_string_append (joined, alias->text);
    }
  return g_string_free (joined, FALSE);
}

void
dossier_tagger_run (DossierTagger    *tagger,
                    const char       *title,
                    const char       *body,
                    DossierTagResult *result)
{
  const char *bytes;
  const guint8 *flags;
  gsize length, title_length;
  guint32 state = 0;
  guint n_touched;

  g_return_if_fail (result->tagger == tagger);

  clear_matches (result);
  g_array_set_size (result->touched, 0);
  if (++result->stamp == 0)
    {
      /* After four billion stories the stamps wrap: start them afresh. */
      for (guint t = 0; t < tagger->n_tags; t++)
        result->tags[t].stamp = 0;
      memset (result->group_stamps, 0, (tagger->n_groups + 1) * sizeof (guint));
      memset (result->strong_stamps, 0, (tagger->n_groups + 1) * sizeof (guint));
      memset (result->alias_stamps, 0, (tagger->aliases->len + 1) * sizeof (guint));
      result->stamp = 1;
    }

  scan_reset (&result->scan);
  if (title != NULL)
    scan_text (&result->scan, title, TRUE);
  title_length = result->scan.bytes->len;
  {
    gboolean word_start = TRUE;

    emit_break (&result->scan, &word_start);
  }
  if (body != NULL)
    scan_text (&result->scan, body, TRUE);

  bytes = result->scan.bytes->str;
  flags = result->scan.flags->data;
  length = result->scan.bytes->len;

  for (gsize i = 0; i < length; i++)
    {
      guint32 first, last;

      state = tagger->delta[state * tagger->n_classes + tagger->classes[(guchar) bytes[i]]];
      first = tagger->out_start[state];
      last = tagger->out_start[state + 1];
      for (guint32 o = first; o < last; o++)
        {
          const Pattern *pattern = &g_array_index (tagger->patterns, Pattern, tagger->outputs[o]);
          gsize start = i + 1 - pattern->length;

          if (verify (tagger, pattern, bytes, flags, length, start))
            record (result, pattern, start, i + 1, i < title_length);
        }
    }

  /* A product or a person also files the story under its company. */
  n_touched = result->touched->len;
  for (guint i = 0; i < n_touched; i++)
    {
      guint tag = g_array_index (result->touched, guint, i);
      int parent = tagger->parents[tag];
      TagState *child = &result->tags[tag];

      if (parent >= 0 && result->tags[parent].stamp != result->stamp)
        {
          TagState *state_parent = touch (result, parent);

          state_parent->title_count = child->title_count;
          state_parent->body_count = child->body_count;
          state_parent->evidence = child->evidence;
          g_array_append_vals (state_parent->aliases, child->aliases->data, child->aliases->len);
        }
    }

  for (guint i = 0; i < result->touched->len; i++)
    {
      guint tag = g_array_index (result->touched, guint, i);
      TagState *tag_state = &result->tags[tag];
      DossierTagMatch match;

      /* One passing word does not make a story about a topic: it needs a
       * keyword in the title, two different ones or one specific phrase in
       * the body, or one keyword again and again. */
      if (tagger->topics[tag] && tag_state->title_count == 0 &&
          tag_state->evidence < 2 && tag_state->body_count < 3)
        continue;

      match.tag = tag;
      match.title_count = tag_state->title_count;
      match.body_count = tag_state->body_count;
      match.aliases = join_aliases (tagger, tag_state->aliases);
      g_array_append_val (result->matches, match);
    }
  g_array_sort (result->matches, compare_matches);
}

guint
dossier_tag_result_get_n_matches (DossierTagResult *result)
{
  return result->matches->len;
}

const DossierTagMatch *
dossier_tag_result_get_match (DossierTagResult *result,
                              guint             index)
{
  g_return_val_if_fail (index < result->matches->len, NULL);
  return &g_array_index (result->matches, DossierTagMatch, index);
}
