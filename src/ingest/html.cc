// HTML pages: gumbo builds the HTML5 tree (tolerant of truncated or broken
// markup, entities decoded); the article is the first of <article>, <main>,
// [role=main], <body> that holds text, walked iteratively (pages can nest
// deeply) while skipping navigation, scripts, figures and boxes whose class
// or id names furniture.
#include <gumbo.h>

#include <cctype>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ingest/internal.h"
#include "quotetrack/ingest.h"

namespace qt {
namespace {

using ingest_internal::IsSpaceByte;
using ingest_internal::Lower;
using ingest_internal::NormaliseSpans;
using ingest_internal::Trim;

std::string_view Attr(const GumboElement& e, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&e.attributes, name);
  return a == nullptr ? std::string_view() : std::string_view(a->value);
}

bool SkippedTag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_OPTION:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_MENU:
      return true;
    default:
      return false;
  }
}

bool BlockTag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_CAPTION:
      return true;
    default:
      return false;
  }
}

// Class/id words that name page furniture. A class token ("share-tools",
// "c-nav_item") is split at '-' and '_'; it is furniture when a part starts
// with one of the prefixes or equals one of the part words, or when the whole
// token is one of the token words. Layout flags ("has-sidebar", "with-nav")
// describe a wrapper, not the furniture itself.
constexpr std::string_view kFurniturePrefixes[] = {
    "menu",     "nav",      "share",   "social",  "related", "newsletter", "caption",   "credit",
    "byline",   "advert",   "cookie",  "promo",   "sidebar", "breadcrumb", "subscribe", "signup",
    "sponsor",  "popup",    "modal",   "banner",  "toolbar", "outbrain",   "taboola",   "recommend",
    "trending", "mostread", "paywall", "consent", "footer",  "masthead"};
constexpr std::string_view kFurnitureParts[] = {"ad",      "ads",      "adslot", "dfp",
                                                "comment", "comments", "author", "most"};
constexpr std::string_view kFurnitureTokens[] = {
    "hidden", "visually-hidden", "sr-only",  "screen-reader-text", "skip", "tags",
    "meta",   "dateline",        "timestamp"};
constexpr std::string_view kLayoutFlags[] = {"has-", "with-", "no-", "show-", "is-"};

bool FurnitureToken(std::string_view tok) {
  if (tok.empty()) return false;
  std::string t = Lower(tok);
  for (std::string_view w : kFurnitureTokens) {
    if (t == w) return true;
  }
  for (std::string_view f : kLayoutFlags) {
    if (std::string_view(t).substr(0, f.size()) == f) return false;
  }
  std::size_t pos = 0;
  while (pos <= t.size()) {
    std::size_t end = t.find_first_of("-_", pos);
    if (end == std::string::npos) end = t.size();
    std::string_view part = std::string_view(t).substr(pos, end - pos);
    for (std::string_view p : kFurniturePrefixes) {
      if (part.substr(0, p.size()) == p) return true;
    }
    for (std::string_view w : kFurnitureParts) {
      if (part == w) return true;
    }
    pos = end + 1;
  }
  return false;
}

bool FurnitureNames(std::string_view names) {
  std::size_t pos = 0;
  while (pos < names.size()) {
    while (pos < names.size() && IsSpaceByte(names[pos])) ++pos;
    std::size_t end = pos;
    while (end < names.size() && !IsSpaceByte(names[end])) ++end;
    if (FurnitureToken(names.substr(pos, end - pos))) return true;
    pos = end;
  }
  return false;
}

bool SkippedElement(const GumboElement& e) {
  if (SkippedTag(e.tag)) return true;
  if (gumbo_get_attribute(&e.attributes, "hidden") != nullptr) return true;
  if (Attr(e, "aria-hidden") == "true") return true;
  std::string role = Lower(Attr(e, "role"));
  if (role == "navigation" || role == "banner" || role == "contentinfo" ||
      role == "complementary" || role == "search" || role == "dialog" || role == "menu" ||
      role == "menubar" || role == "toolbar") {
    return true;
  }
  std::string style = Lower(Attr(e, "style"));
  if (style.find("display:none") != std::string::npos ||
      style.find("display: none") != std::string::npos) {
    return true;
  }
  return FurnitureNames(Attr(e, "class")) || FurnitureNames(Attr(e, "id"));
}

// Appends text with HTML whitespace collapsed to single spaces.
class TextBuilder {
 public:
  void Text(std::string_view s, bool pre) {
    for (char c : s) {
      if (!pre && IsSpaceByte(c)) {
        pending_space_ = true;
        continue;
      }
      if (pre && c == '\n') {
        LineBreak();
        continue;
      }
      if (pending_newlines_ > 0 && !out_.empty()) {
        out_.append(static_cast<std::size_t>(pending_newlines_), '\n');
      } else if (pending_space_ && !out_.empty() && out_.back() != '\n') {
        out_.push_back(' ');
      }
      pending_newlines_ = 0;
      pending_space_ = false;
      out_.push_back(c);
    }
  }
  // A paragraph break: one blank line.
  void Block() {
    pending_newlines_ = 2;
    pending_space_ = false;
  }
  void LineBreak() {
    if (pending_newlines_ < 1) pending_newlines_ = 1;
    pending_space_ = false;
  }
  std::string Take() {
    if (!out_.empty()) out_.push_back('\n');
    return std::move(out_);
  }

 private:
  std::string out_;
  int pending_newlines_ = 0;
  bool pending_space_ = false;
};

// Text content of a node (for <title>, <h1>), whitespace collapsed.
std::string NodeText(const GumboNode* root) {
  TextBuilder b;
  std::vector<const GumboNode*> stack{root};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA ||
        n->type == GUMBO_NODE_WHITESPACE) {
      b.Text(n->v.text.text, false);
    } else if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE) {
      if (n->v.element.tag == GUMBO_TAG_SCRIPT || n->v.element.tag == GUMBO_TAG_STYLE) continue;
      const GumboVector& ch = n->v.element.children;
      for (unsigned i = ch.length; i > 0; --i) {
        stack.push_back(static_cast<const GumboNode*>(ch.data[i - 1]));
      }
    }
  }
  return std::string(Trim(b.Take()));
}

struct PageMeta {
  std::string og_title, title_tag, h1, site_name, app_name, published, time_datetime, canonical,
      og_url;
  const GumboNode* article = nullptr;
  std::size_t article_size = 0;  // text bytes of the chosen <article>
  const GumboNode* main = nullptr;
  const GumboNode* role_main = nullptr;
  const GumboNode* body = nullptr;
};

std::size_t TextSize(const GumboNode* root) {
  std::size_t n = 0;
  std::vector<const GumboNode*> stack{root};
  while (!stack.empty()) {
    const GumboNode* node = stack.back();
    stack.pop_back();
    if (node->type == GUMBO_NODE_TEXT) {
      n += std::string_view(node->v.text.text).size();
    } else if (node->type == GUMBO_NODE_ELEMENT) {
      if (SkippedTag(node->v.element.tag)) continue;
      const GumboVector& ch = node->v.element.children;
      for (unsigned i = 0; i < ch.length; ++i)
        stack.push_back(static_cast<const GumboNode*>(ch.data[i]));
    }
  }
  return n;
}

// One pass over the whole tree for metadata and candidate roots.
void CollectMeta(const GumboNode* root, PageMeta* m) {
  std::vector<const GumboNode*> stack{root};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_DOCUMENT &&
        n->type != GUMBO_NODE_TEMPLATE) {
      continue;
    }
    const GumboVector* children = nullptr;
    if (n->type == GUMBO_NODE_DOCUMENT) {
      children = &n->v.document.children;
    } else {
      const GumboElement& e = n->v.element;
      children = &e.children;
      switch (e.tag) {
        case GUMBO_TAG_META: {
          std::string key = Lower(Attr(e, "property"));
          if (key.empty()) key = Lower(Attr(e, "name"));
          if (key.empty()) key = Lower(Attr(e, "itemprop"));
          std::string value(Trim(Attr(e, "content")));
          if (value.empty()) break;
          if (key == "og:title" && m->og_title.empty()) m->og_title = value;
          if (key == "og:site_name" && m->site_name.empty()) m->site_name = value;
          if (key == "application-name" && m->app_name.empty()) m->app_name = value;
          if ((key == "article:published_time" || key == "datepublished" || key == "date" ||
               key == "pubdate" || key == "publish-date") &&
              m->published.empty()) {
            m->published = value;
          }
          if (key == "og:url" && m->og_url.empty()) m->og_url = value;
          break;
        }
        case GUMBO_TAG_LINK: {
          std::string rel = Lower(Attr(e, "rel"));
          if (rel == "canonical" && m->canonical.empty())
            m->canonical = std::string(Trim(Attr(e, "href")));
          break;
        }
        case GUMBO_TAG_TITLE:
          if (m->title_tag.empty()) m->title_tag = NodeText(n);
          break;
        case GUMBO_TAG_H1:
          if (m->h1.empty()) m->h1 = NodeText(n);
          break;
        case GUMBO_TAG_TIME:
          if (m->time_datetime.empty()) m->time_datetime = std::string(Trim(Attr(e, "datetime")));
          break;
        case GUMBO_TAG_ARTICLE: {
          // Listing pages hold many <article>s: take the one with most text.
          std::size_t size = TextSize(n);
          if (m->article == nullptr || size > m->article_size) {
            m->article = n;
            m->article_size = size;
          }
          break;
        }
        case GUMBO_TAG_MAIN:
          if (m->main == nullptr) m->main = n;
          break;
        case GUMBO_TAG_BODY:
          if (m->body == nullptr) m->body = n;
          break;
        default:
          break;
      }
      if (m->role_main == nullptr && Lower(Attr(e, "role")) == "main") m->role_main = n;
    }
    for (unsigned i = children->length; i > 0; --i) {
      stack.push_back(static_cast<const GumboNode*>(children->data[i - 1]));
    }
  }
}

// The article text under `root`.
std::string ExtractText(const GumboNode* root) {
  TextBuilder b;
  // Each entry is a node to enter, or (closing == true) the end of a block.
  struct Item {
    const GumboNode* node;
    bool closing;
    bool pre;
  };
  std::vector<Item> stack{{root, false, false}};
  while (!stack.empty()) {
    Item it = stack.back();
    stack.pop_back();
    const GumboNode* n = it.node;
    if (it.closing) {
      b.Block();
      continue;
    }
    switch (n->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_CDATA:
      case GUMBO_NODE_WHITESPACE:
        b.Text(n->v.text.text, it.pre);
        continue;
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE:
        break;
      default:
        continue;
    }
    const GumboElement& e = n->v.element;
    if (n != root && SkippedElement(e)) continue;
    if (e.tag == GUMBO_TAG_BR) {
      b.LineBreak();
      continue;
    }
    bool block = BlockTag(e.tag) || e.tag == GUMBO_TAG_TD || e.tag == GUMBO_TAG_TH;
    bool pre = it.pre || e.tag == GUMBO_TAG_PRE;
    if (block) {
      b.Block();
      stack.push_back({n, true, pre});
    }
    for (unsigned i = e.children.length; i > 0; --i) {
      stack.push_back({static_cast<const GumboNode*>(e.children.data[i - 1]), false, pre});
    }
  }
  return b.Take();
}

// Gumbo's tree construction costs O(depth) per tag, so a hostile page of
// 100k nested <div>s takes minutes. This linear pre-pass estimates nesting
// (a stack of open elements, ignoring void elements, tags whose end is
// optional, comments and raw-text bodies; an end tag pops to its match) and, only when the estimate
// passes kMaxDepth, drops the tags beyond it (their text is kept).
constexpr std::size_t kMaxDepth = 400;

bool NoDepthTag(std::string_view name) {
  static constexpr std::string_view kTags[] = {
      "area",   "base",     "br",     "col",      "embed", "hr",    "img",   "input", "link",
      "meta",   "param",    "source", "track",    "wbr",   "p",     "li",    "dt",    "dd",
      "option", "optgroup", "tr",     "td",       "th",    "tbody", "thead", "tfoot", "colgroup",
      "rb",     "rt",       "rp",     "!doctype", "html",  "head",  "body"};
  for (std::string_view t : kTags) {
    if (name == t) return true;
  }
  return false;
}

bool IsFormatting(std::string_view name) {
  static constexpr std::string_view kTags[] = {"a",      "b",      "big",  "code", "em",
                                               "font",   "i",      "nobr", "s",    "small",
                                               "strike", "strong", "tt",   "u"};
  for (std::string_view t : kTags) {
    if (name == t) return true;
  }
  return false;
}

// The HTML5 "special" elements that stop an inline end tag.
bool IsSpecial(std::string_view name) {
  static constexpr std::string_view kTags[] = {
      "address", "applet",   "article",    "aside",    "blockquote", "body",     "button",
      "caption", "center",   "dd",         "details",  "dir",        "div",      "dl",
      "dt",      "fieldset", "figcaption", "figure",   "footer",     "form",     "frameset",
      "h1",      "h2",       "h3",         "h4",       "h5",         "h6",       "head",
      "header",  "hgroup",   "html",       "iframe",   "li",         "listing",  "main",
      "marquee", "menu",     "nav",        "noembed",  "noframes",   "noscript", "object",
      "ol",      "p",        "pre",        "section",  "select",     "summary",  "table",
      "tbody",   "td",       "template",   "textarea", "tfoot",      "th",       "thead",
      "title",   "tr",       "ul",         "xmp"};
  for (std::string_view t : kTags) {
    if (name == t) return true;
  }
  return false;
}

bool RawTextTag(std::string_view name) {
  return name == "script" || name == "style" || name == "textarea" || name == "title" ||
         name == "xmp" || name == "plaintext" || name == "noscript" || name == "iframe";
}

// Returns true and fills `*out` when tags had to be dropped.
bool LimitNesting(std::string_view html, std::string* out) {
  std::vector<std::string> open;  // at most kMaxDepth names
  std::unordered_map<std::string, int> dropped;
  bool rewriting = false;
  std::size_t copied = 0;  // html[0, copied) already handled when rewriting
  std::size_t i = 0;
  std::string name;
  auto drop = [&](std::size_t from, std::size_t to) {
    if (!rewriting) {
      rewriting = true;
      out->clear();
      out->reserve(html.size());
    }
    out->append(html.substr(copied, from - copied));
    copied = to;
  };
  while (i < html.size()) {
    std::size_t lt = html.find('<', i);
    if (lt == std::string_view::npos) break;
    if (html.substr(lt, 4) == "<!--") {
      std::size_t end = html.find("-->", lt + 4);
      i = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    std::size_t j = lt + 1;
    bool closing = j < html.size() && html[j] == '/';
    if (closing) ++j;
    std::size_t name_start = j;
    while (j < html.size() && (std::isalnum(static_cast<unsigned char>(html[j])) ||
                               html[j] == '!' || html[j] == '-' || html[j] == ':')) {
      ++j;
    }
    if (j == name_start) {
      i = lt + 1;
      continue;
    }
    name = Lower(html.substr(name_start, j - name_start));
    std::size_t gt = html.find('>', j);
    std::size_t tag_end = gt == std::string_view::npos ? html.size() : gt + 1;
    bool self_closing = gt != std::string_view::npos && gt > 0 && html[gt - 1] == '/';
    if (!closing && RawTextTag(name)) {
      // Skip the raw body up to the matching end tag.
      std::string close = "</" + name;
      std::size_t k = tag_end;
      std::size_t end = std::string_view::npos;
      while (k < html.size()) {
        std::size_t c = html.find("</", k);
        if (c == std::string_view::npos) break;
        if (Lower(html.substr(c, close.size())) == close) {
          end = c;
          break;
        }
        k = c + 2;
      }
      i = end == std::string_view::npos ? html.size() : end;
      continue;
    }
    if (NoDepthTag(name) || self_closing) {
      i = tag_end;
      continue;
    }
    if (!closing) {
      if (open.size() >= kMaxDepth) {
        ++dropped[name];
        drop(lt, tag_end);
      } else {
        open.push_back(name);
      }
    } else if (auto d = dropped.find(name); d != dropped.end() && d->second > 0) {
      --d->second;
      drop(lt, tag_end);
    } else {
      // An end tag closes its innermost open element; a stray one is ignored.
      // As in the HTML5 "any other end tag" rule, an inline end tag does not
      // reach past an open block ("<span><div></span>" leaves both open).
      // A formatting end tag past an open block removes only itself (the
      // adoption agency keeps the block open, "<b><div></b>").
      bool formatting = IsFormatting(name);
      bool reach = formatting || IsSpecial(name);
      bool block_above = false;
      for (std::size_t k = open.size(); k > 0; --k) {
        if (open[k - 1] == name) {
          if (formatting && block_above) {
            open.erase(open.begin() + static_cast<std::ptrdiff_t>(k - 1));
          } else {
            open.resize(k - 1);
          }
          break;
        }
        if (IsSpecial(open[k - 1])) {
          if (!reach) break;
          block_above = true;
        }
      }
    }
    i = tag_end;
  }
  if (rewriting) out->append(html.substr(copied));
  return rewriting;
}

}  // namespace

Document ParseHtmlArticle(std::string_view id, std::string_view html) {
  Document doc;
  doc.id = std::string(id);
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 100;  // broken pages would otherwise collect millions
  std::string limited;
  if (LimitNesting(html, &limited)) html = limited;
  GumboOutput* out = gumbo_parse_with_options(&options, html.data(), html.size());
  PageMeta m;
  CollectMeta(out->document, &m);
  // A lone teaser <article> (a related-story card) is not the story: take it
  // only when it holds a fair share of the page's text.
  if (m.article != nullptr && m.body != nullptr && m.article_size < 1000 &&
      m.article_size * 4 < TextSize(m.body)) {
    m.article = nullptr;
  }
  const GumboNode* root = m.article != nullptr && m.article_size > 0 ? m.article
                          : m.main != nullptr                        ? m.main
                          : m.role_main != nullptr                   ? m.role_main
                          : m.body != nullptr                        ? m.body
                                                                     : out->root;
  std::string text = ExtractText(root);
  // A <main> or [role=main] that turned out empty falls back to the body.
  if (Trim(text).empty() && root != m.body && m.body != nullptr) text = ExtractText(m.body);
  gumbo_destroy_output(&options, out);

  std::size_t bad = 0;
  if (!IsValidUtf8(text, &bad)) text = ingest_internal::SanitiseUtf8(text);
  doc.text = std::move(text);
  doc.title = !m.og_title.empty() ? m.og_title : !m.h1.empty() ? m.h1 : m.title_tag;
  doc.outlet = !m.site_name.empty() ? m.site_name : m.app_name;
  doc.published = !m.published.empty() ? m.published : m.time_datetime;
  doc.url = !m.canonical.empty() ? m.canonical : m.og_url;
  for (std::string* s : {&doc.title, &doc.outlet, &doc.published, &doc.url}) {
    if (!IsValidUtf8(*s, &bad)) *s = ingest_internal::SanitiseUtf8(*s);
  }
  doc.furniture = FindFurniture(doc.text);
  NormaliseSpans(doc.furniture);
  if (doc.outlet.empty()) doc.outlet = GuessOutlet(doc.text, doc.url);
  return doc;
}

}  // namespace qt
