/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>
#include <string.h>

#include "dossier-document.h"

/* The blocks of a document in one line, for comparing with what a case
 * expects: "P:text" "H2:text" "LI•:text" ">P:quoted" "FIG<url>:caption"
 * "TABLE[a|b/c|d]" "HR" "PRE:text"; "  " before a block for each list
 * level that is not its own marker's, line breaks as "\n". */
static char *
dump (const DossierDocument *document)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < document->blocks->len; i++)
    {
      const DossierBlock *block = g_ptr_array_index (document->blocks, i);

      if (i > 0)
        g_string_append (out, " | ");
      for (guint q = 0; q < block->quote_depth; q++)
        g_string_append_c (out, '>');
      for (guint l = block->kind == DOSSIER_BLOCK_LIST_ITEM ? 1 : 0; l < block->list_depth; l++)
        g_string_append (out, "  ");
      switch (block->kind)
        {
        case DOSSIER_BLOCK_PARAGRAPH:
          g_string_append_printf (out, "P:%s", block->text);
          break;
        case DOSSIER_BLOCK_HEADING:
          g_string_append_printf (out, "H%u:%s", block->level, block->text);
          break;
        case DOSSIER_BLOCK_LIST_ITEM:
          g_string_append_printf (out, "LI%s:%s", block->marker, block->text);
          break;
        case DOSSIER_BLOCK_PREFORMATTED:
          g_string_append_printf (out, "PRE:%s", block->text);
          break;
        case DOSSIER_BLOCK_FIGURE:
          g_string_append_printf (out, "FIG<%s>:%s", block->image ? block->image : "", block->text);
          break;
        case DOSSIER_BLOCK_RULE:
          g_string_append (out, "HR");
          break;
        case DOSSIER_BLOCK_TABLE:
          g_string_append (out, "TABLE[");
          for (guint r = 0; r < block->rows->len; r++)
            {
              GPtrArray *row = g_ptr_array_index (block->rows, r);

              if (r > 0)
                g_string_append_c (out, '/');
              for (guint c = 0; c < row->len; c++)
                {
                  const DossierBlock *cell = g_ptr_array_index (row, c);

                  if (c > 0)
                    g_string_append_c (out, '|');
                  g_string_append_printf (out, "%s%s", cell->header ? "*" : "", cell->text);
                }
            }
          g_string_append_c (out, ']');
          break;
        }
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

typedef struct {
  const char *name;
  const char *html;
  const char *expected;
} Case;

static const Case cases[] = {
  { "paragraphs", "<p>One  two\n three.</p><p>Four.</p>", "P:One two three. | P:Four." },
  { "loose-text", "Before <b>bold</b> after<div>In a div</div>tail", "P:Before bold after | P:In a div | P:tail" },
  { "line-breaks", "<p>Line one<br>line two<br/><br>New paragraph</p>",
    "P:Line one\nline two | P:New paragraph" },
  { "headings", "<h1>Title</h1><h3>Sub</h3><p>Text</p>", "H1:Title | H3:Sub | P:Text" },
  { "unordered-list", "<ul><li>One</li><li><p>Two</p><p>More of two</p></li></ul>",
    "LI•:One | LI•:Two |   P:More of two" },
  { "ordered-list", "<ol start=\"3\"><li>Three<li value=\"7\">Seven<li>Eight</ol>",
    "LI3.:Three | LI7.:Seven | LI8.:Eight" },
  { "nested-list", "<ul><li>A<ul><li>A1</li></ul></li><li>B</li></ul>",
    "LI•:A |   LI◦:A1 | LI•:B" },
  { "quote", "<p>Said:</p><blockquote><p>One</p><blockquote>Two</blockquote></blockquote><p>After</p>",
    "P:Said: | >P:One | >>P:Two | P:After" },
  { "pre", "<pre>  a  b\n  c</pre><p>x</p>", "PRE:a  b\n  c | P:x" },
  { "figure", "<figure><img src=\"/pic.jpg\" alt=\"A chip\"><figcaption>The <em>H20</em> chip</figcaption></figure>",
    "FIG<https://news.example/pic.jpg>:The H20 chip" },
  { "image-in-paragraph", "<p>Before<img src=\"https://cdn.example/a.png\">after</p>",
    "P:Before | FIG<https://cdn.example/a.png>: | P:after" },
  { "lazy-image", "<p><img data-src=\"/lazy.jpg\" src=\"data:image/gif;base64,R0lGOD\"></p>",
    "FIG<https://news.example/lazy.jpg>:" },
  { "tracking-pixel", "<p>Text<img src=\"https://t.example/p.gif\" width=\"1\" height=\"1\"></p>", "P:Text" },
  { "rule", "<p>a</p><hr><p>b</p>", "P:a | HR | P:b" },
  { "table", "<table><tr><th>Chip</th><th>Year</th></tr><tr><td>H20</td><td>2024</td></tr></table>",
    "TABLE[*Chip|*Year/H20|2024]" },
  { "layout-table", "<table><tr><td><table><tr><td>inner</td></tr></table><p>Text</p></td></tr></table>",
    "P:inner | P:Text" },
  { "definition", "<dl><dt>BIS</dt><dd>Bureau of Industry and Security</dd></dl>",
    "P:BIS |   P:Bureau of Industry and Security" },
  { "entities", "<p>AT&amp;T &lt;b&gt; &eacute; &#x41;</p>", "P:AT&T <b> é A" },
  /* Nothing that can act or load gets through. */
  { "script", "<p>a<script>alert(1)</script>b</p><style>p{}</style><noscript>ns</noscript>",
    "P:ab" },
  { "frames-forms", "<iframe src=\"https://evil.example\">x</iframe><form><input value=\"v\">"
    "<button>Go</button><textarea>t</textarea></form><object>o</object><svg><text>s</text></svg><p>kept</p>",
    "P:kept" },
  { "event-attributes", "<p onclick=\"alert(1)\" style=\"color:red\">Click</p><img src=x onerror=alert(1)>",
    "P:Click | FIG<https://news.example/story/x>:" },
  { "template", "<template><p>hidden</p></template><p>shown</p>", "P:shown" },
};

static void
test_cases (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DossierDocument) document =
        dossier_document_new_from_html (cases[i].html, -1, "https://news.example/story/1", NULL);
      g_autofree char *got = dump (document);

      if (g_strcmp0 (got, cases[i].expected) != 0)
        g_error ("case %s: got «%s», expected «%s»", cases[i].name, got, cases[i].expected);
    }
}

static const DossierSpan *
span_at (const DossierBlock *block,
         guint               index)
{
  g_assert_cmpuint (index, <, block->spans->len);
  return &g_array_index (block->spans, DossierSpan, index);
}

static void
test_spans (void)
{
  g_autoptr(DossierDocument) document =
    dossier_document_new_from_html ("<p>  The <em>new</em> <strong>rule <em>now</em></strong> in "
                                    "<code>eccn</code>, see <a href=\"/bis?x=1&amp;y=2\">BIS</a>.</p>",
                                    -1, "https://news.example/a/", NULL);
  const DossierBlock *block;

  g_assert_cmpuint (document->blocks->len, ==, 1);
  block = g_ptr_array_index (document->blocks, 0);
  g_assert_cmpstr (block->text, ==, "The new rule now in eccn, see BIS.");
  g_assert_cmpuint (block->spans->len, ==, 5);
  g_assert_cmpuint (span_at (block, 0)->style, ==, DOSSIER_STYLE_EMPHASIS);
  g_assert_cmpuint (span_at (block, 0)->start, ==, 4);
  g_assert_cmpuint (span_at (block, 0)->end, ==, 7);
  g_assert_cmpuint (span_at (block, 1)->style, ==, DOSSIER_STYLE_STRONG);
  g_assert_cmpuint (span_at (block, 2)->style, ==, DOSSIER_STYLE_STRONG | DOSSIER_STYLE_EMPHASIS);
  g_assert_cmpstr (block->text + span_at (block, 2)->start, ==, "now in eccn, see BIS.");
  g_assert_cmpuint (span_at (block, 2)->end - span_at (block, 2)->start, ==, 3);
  g_assert_cmpuint (span_at (block, 3)->style, ==, DOSSIER_STYLE_CODE);
  g_assert_cmpuint (span_at (block, 4)->style, ==, DOSSIER_STYLE_LINK);
  g_assert_cmpstr (span_at (block, 4)->href, ==, "https://news.example/bis?x=1&y=2");
  g_assert_cmpuint (span_at (block, 4)->end, ==, strlen (block->text) - 1);
}

static void
test_links_only_web (void)
{
  static const char * const refused[] = {
    "javascript:alert(1)", "file:///etc/passwd", "data:text/html,<b>x</b>", "mailto:a@b.example",
    "ftp://ftp.example/x", "  jaVaScRiPt:alert(1)", "#top", "",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *html = g_strdup_printf ("<p><a href=\"%s\">link</a> text</p>", refused[i]);
      g_autoptr(DossierDocument) document = dossier_document_new_from_html (html, -1, "https://news.example/", NULL);
      const DossierBlock *block = g_ptr_array_index (document->blocks, 0);

      g_assert_cmpstr (block->text, ==, "link text");
      g_assert_cmpuint (block->spans->len, ==, 0);
    }

  /* Without a base a relative address cannot be known: dropped. */
  {
    g_autoptr(DossierDocument) document = dossier_document_new_from_html ("<a href=\"/x\">x</a><img src=\"/y.png\">",
                                                                           -1, NULL, NULL);
    const DossierBlock *block = g_ptr_array_index (document->blocks, 0);

    g_assert_cmpuint (document->blocks->len, ==, 1);
    g_assert_cmpuint (block->spans->len, ==, 0);
  }

  /* Written out again: spaces escaped, so the address shown is the one
   * opened. */
  {
    g_autofree char *address = dossier_document_web_address (" https://a.example/b c?d=é ", NULL);

    g_assert_nonnull (address);
    g_assert_null (strchr (address, ' '));
    g_assert_true (g_str_has_prefix (address, "https://a.example/b"));
  }
}

static void
test_directions (void)
{
  g_autoptr(DossierDocument) document =
    dossier_document_new_from_html ("<p>Nvidia may sell the H20 again.</p>"
                                    "<p>قالت إنفيديا إن Nvidia H20 ستعود إلى السوق الصينية.</p>"
                                    "<p>2025</p>", -1, NULL, NULL);

  g_assert_cmpuint (document->blocks->len, ==, 3);
  g_assert_cmpint (((DossierBlock *) g_ptr_array_index (document->blocks, 0))->direction, ==, -1);
  g_assert_cmpint (((DossierBlock *) g_ptr_array_index (document->blocks, 1))->direction, ==, 1);
  g_assert_cmpint (((DossierBlock *) g_ptr_array_index (document->blocks, 2))->direction, ==, 0);
}

static void
test_paragraphs (void)
{
  g_autoptr(DossierDocument) document =
    dossier_document_new_from_html ("<h2>Head</h2><ul><li>one</li></ul><table><tr><td>a</td><td>b</td></tr></table>",
                                    -1, NULL, NULL);
  g_auto(GStrv) paragraphs = dossier_document_get_paragraphs (document);
  g_autofree char *text = dossier_document_to_text (document);

  g_assert_cmpuint (g_strv_length (paragraphs), ==, 3);
  g_assert_cmpstr (paragraphs[0], ==, "Head");
  g_assert_cmpstr (paragraphs[1], ==, "• one");
  g_assert_cmpstr (paragraphs[2], ==, "a\tb");
  g_assert_cmpstr (text, ==, "Head\n• one\na\tb");

  {
    g_autoptr(DossierDocument) empty = dossier_document_new_from_html ("<script>x</script>  ", -1, NULL, NULL);

    g_assert_cmpuint (empty->blocks->len, ==, 0);
    g_assert_null (dossier_document_to_text (empty));
  }
}

/* ---- Hostile input ------------------------------------------------------ */

static char *
repeat (const char *piece,
        guint       times)
{
  GString *out = g_string_sized_new (strlen (piece) * times);

  for (guint i = 0; i < times; i++)
    g_string_append (out, piece);
  return g_string_free (out, FALSE);
}

static void
test_nested_divs (void)
{
  g_autofree char *open = repeat ("<div>", 10000);
  g_autofree char *close = repeat ("</div>", 10000);
  g_autofree char *html = g_strconcat ("<p>top</p>", open, "<p>deep text</p>", close, "<p>after</p>", NULL);
  g_autoptr(DossierDocument) document = dossier_document_new_from_html (html, -1, NULL, NULL);
  g_autofree char *got = dump (document);

  /* libxml2 stops nesting at its own limit and closes the rest; nothing
   * crashes and the text before the deep part stays. */
  g_assert_true (g_str_has_prefix (got, "P:top"));
  g_assert_cmpuint (document->blocks->len, <=, 3);
}

static void
test_nested_quotes_and_lists (void)
{
  g_autofree char *quotes = repeat ("<blockquote><ul><li><em>", 3000);
  g_autofree char *html = g_strconcat (quotes, "deep", NULL);
  g_autoptr(DossierDocument) document = dossier_document_new_from_html (html, -1, NULL, NULL);

  /* Every depth is capped, whatever the markup asks. */
  for (guint i = 0; i < document->blocks->len; i++)
    {
      const DossierBlock *block = g_ptr_array_index (document->blocks, i);

      g_assert_cmpuint (block->quote_depth, <=, 8);
      g_assert_cmpuint (block->list_depth, <=, 8);
    }
}

static void
test_huge_dom (void)
{
  g_autofree char *many = repeat ("<p>x</p>", 100000);
  g_autoptr(DossierDocument) document = dossier_document_new_from_html (many, -1, NULL, NULL);

  g_assert_cmpuint (document->blocks->len, ==, DOSSIER_DOCUMENT_MAX_BLOCKS);
  g_assert_true (document->truncated);
}

static void
test_huge_input (void)
{
  gsize size = DOSSIER_DOCUMENT_MAX_INPUT + 1024 * 1024;
  g_autofree char *html = g_malloc (size + 1);
  g_autoptr(DossierDocument) document = NULL;
  gsize text = 0;

  memcpy (html, "<pre>", 5);
  memset (html + 5, 'a', size - 5);
  for (gsize i = 5; i < size; i += 100)
    html[i] = '\n';
  html[size] = '\0';
  document = dossier_document_new_from_html (html, -1, NULL, NULL);
  g_assert_true (document->truncated);
  for (guint i = 0; i < document->blocks->len; i++)
    text += strlen (((DossierBlock *) g_ptr_array_index (document->blocks, i))->text);
  g_assert_cmpuint (text, <=, DOSSIER_DOCUMENT_MAX_TEXT + 64 * 1024);
}

static void
test_bad_bytes (void)
{
  static const char html[] = "<p>caf\xe9 \xff\xfe ok</p><p>\x01\x02 ctl</p>";
  g_autoptr(DossierDocument) document = dossier_document_new_from_html (html, sizeof html - 1, NULL, NULL);

  for (guint i = 0; i < document->blocks->len; i++)
    g_assert_true (g_utf8_validate (((DossierBlock *) g_ptr_array_index (document->blocks, i))->text, -1, NULL));
  g_assert_cmpuint (document->blocks->len, ==, 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/document/cases", test_cases);
  g_test_add_func ("/document/spans", test_spans);
  g_test_add_func ("/document/links-only-web", test_links_only_web);
  g_test_add_func ("/document/directions", test_directions);
  g_test_add_func ("/document/paragraphs", test_paragraphs);
  g_test_add_func ("/document/hostile/nested-divs", test_nested_divs);
  g_test_add_func ("/document/hostile/nested-quotes-lists", test_nested_quotes_and_lists);
  g_test_add_func ("/document/hostile/huge-dom", test_huge_dom);
  g_test_add_func ("/document/hostile/huge-input", test_huge_input);
  g_test_add_func ("/document/hostile/bad-bytes", test_bad_bytes);

  return g_test_run ();
}
