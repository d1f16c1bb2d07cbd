/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "dossier-html.h"

typedef struct {
  const char *html;
  const char *text;
} HtmlCase;

static const HtmlCase cases[] = {
  { "plain text", "plain text" },
  { "  padded   text  ", "padded text" },
  { "<p>One</p><p>Two</p>", "One\n\nTwo" },
  { "<div><p>Nested</p></div><div>Blocks</div>", "Nested\n\nBlocks" },
  { "a<br>b<br/>c", "a\n\nb\n\nc" },
  { "<b>bold</b> and <i>italic</i>", "bold and italic" },
  { "x <script>var a = '<p>no</p>';</script> y", "x y" },
  { "<style>.a{}</style>z", "z" },
  { "&amp; &lt; &gt; &quot; &#39; &#x41; &#66;", "& < > \" ' A B" },
  { "&amp;lt;p&amp;gt;twice&amp;lt;/p&amp;gt;", "twice" },
  { "&lt;p&gt;escaped once&lt;/p&gt;", "escaped once" },
  { "Caf&eacute; &mdash; &hellip;", "Café — …" },
  { "non&nbsp;breaking", "non breaking" },
  { "<p>\n  Line\n  wrapped\n</p>", "Line wrapped" },
  { "<ul><li>a</li><li>b</li></ul>", "a\n\nb" },
  { "<!-- c -->visible", "visible" },
  { "<p>قالت <a href=\"x\">إنفيديا</a> الخميس</p>", "قالت إنفيديا الخميس" },
  { "<img src=x onerror=alert(1)>", NULL },
  { "", NULL },
  { "   ", NULL },
  { "<p></p><p> </p>", NULL },
  { "5 < 6", "5 < 6" },
  { "AT&T", "AT&T" },
  { "<unknown-tag>kept text</unknown-tag>", "kept text" },
  { "<table><tr><td>1</td><td>2</td></tr></table>", "1 2" },
  { "<p>unclosed <b>bold", "unclosed bold" },
  { "<head><title>t</title></head><body>body</body>", "body" },
  { "tab\there", "tab here" },
  { "ctrl\001" "char", "ctrlchar" },
  { "<a title=\"a > b\" href='x>y'>quoted</a> attrs", "quoted attrs" },
  { "before<script>never closed", "before" },
  { "<SCRIPT>x</ScRiPt>after", "after" },
  { "<P>Upper</P><DIV>case</DIV>", "Upper\n\ncase" },
  { "&#0;&#xD800;&#x110000;", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" },
  { "&#x1F600; &apos;q&apos; &unknown; &#", "\xF0\x9F\x98\x80 'q' &unknown; &#" },
  /* CDATA text that is itself markup goes through the second pass. */
  { "<![CDATA[<b>kept</b> raw]]> text", "kept raw text" },
  { "<?xml version=\"1.0\"?><!DOCTYPE html>doc", "doc" },
  { "line<p", "line" },
  { "a &#10; b&#13;c", "a b c" },
  { "<svg><text>drawn</text></svg>shown", "shown" },
  { "x</p>y", "x\n\ny" },
  /* Paragraph and line breaks are paragraph breaks, however many. */
  { "a<br><br><br>b", "a\n\nb" },
  { "<p>a</p>\n\n<p>b</p>", "a\n\nb" },
  /* An embedded object hides its fallback content when it ends, and
   * nothing when it does not. */
  { "safe<object classid=\"clsid:1\"> <b>description</b>", "safe description" },
  { "safe<iframe src=\"https://x.example/\"> description", "safe description" },
  { "safe<embed src=\"https://x.example/a.swf\"> description", "safe description" },
  { "safe<applet code=\"a.class\"> description", "safe description" },
  { "safe<applet code=\"a.class\">fallback</applet> description", "safe description" },
  { "safe<frameset rows=\"*\"><frame src=\"x\"></frameset> description", "safe description" },
  { "a<iframe>b</iframe>c <iframe>d", "ac d" },
  { "<head><title>t</title><body>body without end tags", "body without end tags" },
  /* Script, style and comments go, CDATA inside them or not. */
  { "safe<script>//<![CDATA[\nx = '</p>';\n//]]></script> description", "safe description" },
  { "<style><![CDATA[ a > b { } ]]></style>shown", "shown" },
  { "a<!-- <![CDATA[ hidden ]]> -->b", "ab" },
  { "a<!-- <script>alert(1)</script> --> b", "a b" },
  { "a<!--[if IE]><p>old</p><![endif]--> b", "a b" },
};

static void
test_html_table (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = dossier_html_to_text (cases[i].html, -1);

      if (g_strcmp0 (text, cases[i].text) != 0)
        g_test_message ("input: %s", cases[i].html);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_html_length (void)
{
  g_autofree char *text = dossier_html_to_text ("<p>abc</p>garbage", 10);

  g_assert_cmpstr (text, ==, "abc");
  g_assert_null (dossier_html_to_text (NULL, -1));
}

static void
test_html_collapse (void)
{
  g_autofree char *line = dossier_text_collapse ("a\n\n b\t c ", FALSE);
  g_autofree char *block = dossier_text_collapse (" a \n\n\n b \n", TRUE);

  g_assert_cmpstr (line, ==, "a b c");
  g_assert_cmpstr (block, ==, "a\n\nb");

  /* A single line break in plain text stays one. */
  {
    g_autofree char *lines = dossier_text_collapse ("one\n two  \nthree", TRUE);

    g_assert_cmpstr (lines, ==, "one\ntwo\nthree");
  }
}

static void
test_html_large (void)
{
  /* A long article costs one pass and keeps every paragraph. */
  g_autoptr(GString) html = g_string_new (NULL);
  g_autofree char *text = NULL;
  guint lines = 0;

  for (int i = 0; i < 20000; i++)
    g_string_append_printf (html, "<p>Paragraph %d about <b>export controls</b></p>", i);
  text = dossier_html_to_text (html->str, html->len);
  g_assert_nonnull (text);
  for (const char *p = text; *p; p++)
    lines += *p == '\n';
  g_assert_cmpuint (lines, ==, 2 * 19999);
  g_assert_true (g_str_has_suffix (text, "Paragraph 19999 about export controls"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/html/table", test_html_table);
  g_test_add_func ("/html/length", test_html_length);
  g_test_add_func ("/html/collapse", test_html_collapse);
  g_test_add_func ("/html/large", test_html_large);

  return g_test_run ();
}
