// match: Compare (alignment + a trained linear model + excerpt rules),
// variant labels and meaning-changing flags.
#include "quotetrack/match.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include "match/align.h"
#include "match/analysed.h"
#include "match/text.h"
#include "match/wordnet.h"
#include "quotetrack/attribute.h"

namespace qt {

using match_internal::Alignment;
using match_internal::Prepared;
using match_internal::TokenClass;

std::string_view ToString(Variant v) {
  switch (v) {
    case Variant::kOriginal:
      return "original";
    case Variant::kVerbatim:
      return "verbatim";
    case Variant::kTruncated:
      return "truncated";
    case Variant::kElided:
      return "elided";
    case Variant::kAltered:
      return "altered";
    case Variant::kRetranslated:
      return "retranslated";
    case Variant::kParaphrase:
      return "paraphrase";
    case Variant::kReported:
      return "reported";
  }
  return "paraphrase";
}

Variant VariantFromString(std::string_view s) {
  for (Variant v :
       {Variant::kOriginal, Variant::kVerbatim, Variant::kTruncated, Variant::kElided,
        Variant::kAltered, Variant::kRetranslated, Variant::kParaphrase, Variant::kReported}) {
    if (ToString(v) == s) return v;
  }
  return Variant::kParaphrase;
}

namespace {

// Spelling variants of one name ("Zelensky"/"Zelenskyy") are not a change.
bool SameName(std::string_view a, std::string_view b) {
  if (a == b) return true;
  const std::size_t common = std::min(a.size(), b.size());
  std::size_t prefix = 0;
  while (prefix < common && a[prefix] == b[prefix]) ++prefix;
  return prefix >= 5 || (prefix >= 4 && common <= 6);
}

bool HasName(const std::vector<std::string_view>& folds, std::size_t lo, std::size_t hi,
             std::string_view name) {
  for (std::size_t k = lo; k < hi && k < folds.size(); ++k) {
    if (SameName(folds[k], name)) return true;
  }
  return false;
}

// Stretches of `text` inside paired double quote marks (“…”, "…", «…»,
// „…“). Single marks are left alone: they double as apostrophes.
std::vector<std::string_view> QuotedPieces(std::string_view text) {
  static constexpr std::pair<std::string_view, std::string_view> kPairs[] = {
      {"\xE2\x80\x9C", "\xE2\x80\x9D"},  // “ ”
      {"\xE2\x80\x9E", "\xE2\x80\x9C"},  // „ “
      {"\xC2\xAB", "\xC2\xBB"},          // « »
      {"\"", "\""}};
  std::vector<std::string_view> out;
  for (const auto& [open, close] : kPairs) {
    std::size_t pos = 0;
    while (out.size() < 16) {
      const std::size_t b = text.find(open, pos);
      if (b == std::string_view::npos) break;
      const std::size_t start = b + open.size();
      const std::size_t e = text.find(close, start);
      if (e == std::string_view::npos) break;
      out.push_back(text.substr(start, e - start));
      pos = e + close.size();
    }
  }
  return out;
}

// The present form of a modal that reported speech shifts back.
std::string_view BackshiftedModal(std::string_view m) {
  if (m == "would") return "will";
  if (m == "could") return "can";
  if (m == "should") return "shall";
  if (m == "might") return "may";
  return m;
}

// NameKey transliterates (ICU); speakers repeat, so keys are memoised per
// thread, bounded by clearing when full.
const std::string& CachedNameKey(const std::string& name) {
  constexpr std::size_t kMaxCached = 1 << 16;
  thread_local std::unordered_map<std::string, std::string> cache;
  if (auto it = cache.find(name); it != cache.end()) return it->second;
  if (cache.size() >= kMaxCached) cache.clear();
  return cache.emplace(name, NameKey(name)).first->second;
}

// Words of a case-folded speaker name (letters and digits; anything else
// separates).
std::vector<std::string> NameWords(std::string_view folded) {
  std::vector<std::string> out;
  std::string cur;
  for (const char ch : folded) {
    const auto u = static_cast<unsigned char>(ch);
    if (u >= 0x80 || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
      cur.push_back(ch);
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

// A speaker that names a group of parties rather than one: a plural
// collective ("both sides", "the two delegations", "the parties", "all
// three governments") or a conjunction of names ("Ruritania and Freedonia").
// Such a source may give a statement to the group that another gives to
// one of its members, so the two are not a misattribution: a plural
// collective is compatible with any speaker, a conjunction with the parties
// it names.
enum class Group { kNone, kPlural, kConjunction };
Group GroupSpeaker(const std::vector<std::string>& words) {
  static constexpr std::string_view kQuantifiers[] = {"both",    "all",     "two",  "three", "four",
                                                      "several", "various", "many", "each"};
  static constexpr std::string_view kCollectives[] = {
      "sides",        "parties", "delegations", "negotiators", "countries", "nations",
      "governments",  "leaders", "officials",   "allies",      "states",    "members",
      "participants", "camps",   "teams",       "powers",      "delegates", "capitals"};
  bool conj = false;
  for (const auto& w : words) {
    for (std::string_view q : kQuantifiers) {
      if (w == q) return Group::kPlural;
    }
    for (std::string_view c : kCollectives) {
      if (w == c) return Group::kPlural;
    }
    conj |= w == "and";
  }
  return conj && words.size() >= 3 ? Group::kConjunction : Group::kNone;
}

// Whether a group speaker covers `other`: any speaker for a plural
// collective; for a conjunction, a speaker sharing a name word (four letters
// or more, or the whole of a shorter name) with it.
bool GroupIncludes(const std::string& group_speaker, const std::string& other) {
  const auto gw = NameWords(match_internal::FoldCase(group_speaker));
  const Group g = GroupSpeaker(gw);
  if (g == Group::kNone) return false;
  if (g == Group::kPlural) return true;
  const auto ow = NameWords(match_internal::FoldCase(other));
  for (const auto& w : ow) {
    if (w == "and" || (w.size() < 4 && ow.size() > 1)) continue;
    if (std::find(gw.begin(), gw.end(), w) != gw.end()) return true;
  }
  return false;
}

// Whether two sources give one statement to different speakers. Only named
// speakers of the same kind are compared (see MatchInput::speaker_kind);
// names compare by person key, so spellings and a surname alone meet.
bool SpeakerMismatch(const AnalysedQuote::Impl& root, const AnalysedQuote::Impl& member) {
  if (root.speaker.empty() || member.speaker.empty()) return false;
  if (GroupIncludes(root.speaker, member.speaker) || GroupIncludes(member.speaker, root.speaker)) {
    return false;
  }
  const SpeakerKind rk = root.speaker_kind, mk = member.speaker_kind;
  if (rk == SpeakerKind::kAnonymous || mk == SpeakerKind::kAnonymous) return false;
  if (rk != SpeakerKind::kUnknown && mk != SpeakerKind::kUnknown && rk != mk) return false;
  if (root.speaker_key.empty() || member.speaker_key.empty()) {
    return match_internal::FoldCase(root.speaker) != match_internal::FoldCase(member.speaker);
  }
  if (root.speaker_key == member.speaker_key) return false;
  if (rk == SpeakerKind::kOrganization && mk == SpeakerKind::kOrganization) {
    // "the Foreign Ministry" / "Ukraine's Foreign Ministry": institutions are
    // named loosely; one shared word of four letters or more is the same body.
    auto words = [](const std::string& key) {
      std::vector<std::string> out;
      std::size_t pos = 0;
      while (pos <= key.size()) {
        std::size_t sp = key.find(' ', pos);
        if (sp == std::string::npos) sp = key.size();
        if (sp - pos >= 4) out.push_back(key.substr(pos, sp - pos));
        pos = sp + 1;
      }
      return out;
    };
    const auto wa = words(root.speaker_key), wb = words(member.speaker_key);
    for (const auto& w : wa) {
      if (std::find(wb.begin(), wb.end(), w) != wb.end()) return false;
    }
    return true;
  }
  return !SamePersonKey(root.speaker_key, member.speaker_key);
}

std::vector<std::string> Flags(const Prepared& ap, const Prepared& bp, const Alignment& al,
                               bool elided, const AnalysedQuote::Impl& root,
                               const AnalysedQuote::Impl& member) {
  std::vector<std::string> flags;
  const std::vector<TokenClass>& a = ap.tokens;
  const std::vector<TokenClass>& b = bp.tokens;
  // Per-thread scratch (Flags runs once per pair filed as one statement).
  thread_local std::vector<std::string_view> af_words, bf_words;
  match_internal::Words(ap.folds, &af_words);
  match_internal::Words(bp.folds, &bf_words);
  const std::vector<std::string_view>& af = af_words;
  const std::vector<std::string_view>& bf = bf_words;
  // The part of the root the member renders: a truncated quote does not
  // "change" the numbers it leaves out.
  std::size_t lo = 0, hi = a.size();
  if (!al.pairs.empty()) {
    lo = al.pairs.front().first;
    hi = al.pairs.back().first + 1;
  }
  auto count_in = [](const std::vector<TokenClass>& t, const std::vector<std::string_view>& f,
                     std::size_t from, std::size_t to, auto pred) {
    std::vector<std::string_view> out;
    for (std::size_t k = from; k < to && k < t.size(); ++k) {
      if (pred(t[k])) out.push_back(f[k]);
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  {
    // A number of the member the root lacks is a change; a number of the
    // rendered part of the root the member lacks is a change only where the
    // member put other words in its place (a substitution). A number simply
    // cut out is an omission, flagged as such when unmarked.
    auto rn = count_in(a, af, 0, a.size(), [](const TokenClass& t) { return t.number; });
    auto mn = count_in(b, bf, 0, b.size(), [](const TokenClass& t) { return t.number; });
    std::vector<bool> substituted(a.size(), false);  // root token unaligned, member gap not empty
    {
      std::size_t prev_i = 0, prev_j = 0;
      auto mark = [&](std::size_t i_end, std::size_t j_end) {
        if (j_end > prev_j) {
          for (std::size_t k = prev_i; k < i_end; ++k) substituted[k] = true;
        }
      };
      for (const auto& [i, j] : al.pairs) {
        mark(i, j);
        prev_i = i + 1;
        prev_j = j + 1;
      }
      mark(a.size(), b.size());
    }
    bool changed = false;
    for (const auto& n : mn) changed |= !std::binary_search(rn.begin(), rn.end(), n);
    for (std::size_t k = lo; k < hi; ++k) {
      if (a[k].number && substituted[k] && !std::binary_search(mn.begin(), mn.end(), af[k])) {
        changed = true;
      }
    }
    if (al.pairs.empty() && !rn.empty() && mn.empty()) changed = true;
    if (changed) flags.emplace_back("number_changed");
  }
  // Negations and modals bind the words after them: "will not close"
  // rendered as "would close" starts at "close", so the function words just
  // before the rendered part belong to it.
  std::size_t lo_fn = lo;
  for (int k = 0; k < 3 && lo_fn > 0; ++k) {
    const TokenClass& t = a[lo_fn - 1];
    if (!(t.stop || t.negation || t.modal)) break;
    --lo_fn;
  }
  {
    auto rs = count_in(a, af, lo_fn, hi, [](const TokenClass& t) { return t.negation; });
    auto mn = count_in(b, bf, 0, b.size(), [](const TokenClass& t) { return t.negation; });
    if (rs.empty() != mn.empty()) flags.emplace_back("negation_changed");
  }
  {
    // Reported speech shifts modals back ("will" -> "would", "can" ->
    // "could"): for a reported member those pairs are one modal.
    const bool reported = member.kind == QuoteKind::kIndirect;
    auto modals = [&](const std::vector<TokenClass>& t, const std::vector<std::string_view>& f,
                      std::size_t from, std::size_t to) {
      std::vector<std::string_view> out;
      for (std::size_t k = from; k < to && k < t.size(); ++k) {
        if (t[k].modal) out.push_back(reported ? BackshiftedModal(f[k]) : f[k]);
      }
      std::sort(out.begin(), out.end());
      return out;
    };
    // The member's modals are read in the part that renders the root (from
    // the function words just before its first aligned word to its last
    // aligned word), where words it adds around the rendering ("…, in what
    // would be the largest swap") do not count, and in the whole member,
    // where a paraphrase may carry the modal outside the aligned words ("if
    // X declined, it should face …"): a change when neither agrees with the
    // root. Compared as sets: a modal said twice and rendered once is not a
    // change.
    std::size_t mlo = 0, mhi = b.size();
    if (!al.pairs.empty()) {
      mlo = al.pairs.front().second;
      mhi = al.pairs.back().second + 1;
      for (int k = 0; k < 3 && mlo > 0; ++k) {
        const TokenClass& t = b[mlo - 1];
        if (!(t.stop || t.negation || t.modal)) break;
        --mlo;
      }
    }
    auto set = [](std::vector<std::string_view> v) {
      v.erase(std::unique(v.begin(), v.end()), v.end());
      return v;
    };
    const auto rm = set(modals(a, af, lo_fn, hi));
    if (rm != set(modals(b, bf, mlo, mhi)) && rm != set(modals(b, bf, 0, b.size()))) {
      flags.emplace_back("modal_changed");
    }
  }
  {
    bool added = false, dropped = false;
    for (std::size_t k = 0; k < b.size(); ++k) {
      if (b[k].cap && !HasName(af, 0, a.size(), bf[k])) added = true;
    }
    for (std::size_t k = lo; k < hi; ++k) {
      if (a[k].cap && !HasName(bf, 0, b.size(), af[k])) dropped = true;
    }
    if (added && dropped) flags.emplace_back("name_changed");
  }
  if (elided && !member.ellipsis) flags.emplace_back("unmarked_omission");
  if (SpeakerMismatch(root, member)) flags.emplace_back("speaker_mismatch");
  return flags;
}

}  // namespace

AnalysedQuote::AnalysedQuote() = default;
AnalysedQuote::~AnalysedQuote() = default;
AnalysedQuote::AnalysedQuote(const AnalysedQuote&) = default;
AnalysedQuote& AnalysedQuote::operator=(const AnalysedQuote&) = default;
AnalysedQuote::AnalysedQuote(AnalysedQuote&&) noexcept = default;
AnalysedQuote& AnalysedQuote::operator=(AnalysedQuote&&) noexcept = default;

std::string_view AnalysedQuote::text() const {
  return impl_ ? std::string_view(impl_->text) : std::string_view();
}
QuoteKind AnalysedQuote::kind() const { return impl_ ? impl_->kind : QuoteKind::kDirect; }
std::string_view AnalysedQuote::speaker() const {
  return impl_ ? std::string_view(impl_->speaker) : std::string_view();
}
SpeakerKind AnalysedQuote::speaker_kind() const {
  return impl_ ? impl_->speaker_kind : SpeakerKind::kUnknown;
}

std::size_t AnalysedQuote::memory_bytes() const {
  if (!impl_) return 0;
  std::size_t n = sizeof(Impl) + impl_->text.capacity() + impl_->speaker.capacity() +
                  impl_->speaker_key.capacity() + impl_->prepared.memory_bytes();
  for (const auto& f : impl_->fragments) n += sizeof(f) + f.memory_bytes();
  n += impl_->clauses.capacity() * sizeof(impl_->clauses[0]);
  return n;
}

namespace {

std::uint64_t NextSerial() {
  static std::atomic<std::uint64_t> serials{0};
  return serials.fetch_add(1, std::memory_order_relaxed) + 1;
}

// The part of an analysis that depends on the speaker: the speaker, its
// name key and the clauses the same-person rule reads (`impl`'s text and
// kind are set; its clauses are empty).
void SetSpeaker(AnalysedQuote::Impl* impl, std::string_view speaker, SpeakerKind speaker_kind);

}  // namespace

AnalysedQuote Prepare(const MatchInput& in, SpeakerKind speaker_kind) {
  auto impl = std::make_shared<AnalysedQuote::Impl>();
  impl->serial = NextSerial();
  impl->text = std::string(in.text);
  impl->kind = in.kind;
  impl->ellipsis = match_internal::HasEllipsis(in.text);
  impl->prepared =
      match_internal::Prepare(match_internal::Tokenize(in.text, match_internal::kMaxCompareTokens));
  if (in.kind == QuoteKind::kMixed) {
    for (std::string_view piece : QuotedPieces(in.text)) {
      auto toks = match_internal::Tokenize(piece, match_internal::kMaxCompareTokens);
      std::size_t content = 0;
      for (const auto& t : toks) content += t.stop ? 0 : 1;
      // Fewer words are a scare quote or a stock phrase, not a statement.
      if (toks.size() < 3 || content < 2 || toks.size() == impl->prepared.tokens.size()) continue;
      impl->fragments.push_back(match_internal::Prepare(std::move(toks)));
    }
  }
  SetSpeaker(impl.get(), in.speaker, speaker_kind);
  AnalysedQuote q;
  q.impl_ = std::move(impl);
  return q;
}

AnalysedQuote WithSpeaker(const AnalysedQuote& q, std::string_view speaker,
                          SpeakerKind speaker_kind) {
  if (q.empty()) return Prepare(MatchInput{{}, QuoteKind::kDirect, speaker}, speaker_kind);
  const AnalysedQuote::Impl& from = *q.impl();
  if (from.speaker == speaker && from.speaker_kind == speaker_kind) return q;
  auto impl = std::make_shared<AnalysedQuote::Impl>();
  impl->serial = NextSerial();
  impl->text = from.text;
  impl->kind = from.kind;
  impl->ellipsis = from.ellipsis;
  // The token analyses depend on the text alone. Their ids key per-thread
  // memos of data derived from them, which the copies share.
  impl->prepared = from.prepared;
  impl->fragments = from.fragments;
  SetSpeaker(impl.get(), speaker, speaker_kind);
  AnalysedQuote out;
  out.impl_ = std::move(impl);
  return out;
}

namespace {

void SetSpeaker(AnalysedQuote::Impl* impl, std::string_view speaker, SpeakerKind speaker_kind) {
  impl->speaker = std::string(speaker);
  impl->speaker_kind = speaker_kind;
  impl->speaker_key.clear();
  if (!impl->speaker.empty()) impl->speaker_key = CachedNameKey(impl->speaker);
  impl->clauses.clear();
  // Clauses are read only by the same-person rule (CompareImpl): a quote of
  // no named person needs none.
  const bool person = !impl->speaker_key.empty() && (speaker_kind == SpeakerKind::kPerson ||
                                                     speaker_kind == SpeakerKind::kUnknown);
  const QuoteKind kind = impl->kind;
  if (person && kind != QuoteKind::kDirect) {
    // Cut the text before each ", <word>ing" (tokens carry no punctuation).
    const std::string_view text = impl->text;
    std::vector<std::size_t> cuts;
    for (std::size_t pos = text.find(", "); pos != std::string_view::npos && cuts.size() < 8;
         pos = text.find(", ", pos + 2)) {
      std::size_t e = pos + 2;
      while (e < text.size() &&
             ((text[e] >= 'a' && text[e] <= 'z') || (text[e] >= 'A' && text[e] <= 'Z'))) {
        ++e;
      }
      const std::string_view word = text.substr(pos + 2, e - pos - 2);
      if (word.size() > 5 && word.substr(word.size() - 3) == "ing") cuts.push_back(pos);
    }
    if (!cuts.empty()) {
      cuts.push_back(text.size());
      std::size_t from = 0;
      for (std::size_t cut : cuts) {
        impl->clauses.push_back({static_cast<std::uint32_t>(from), static_cast<std::uint32_t>(cut),
                                 /*min_content=*/2, false});
        from = std::min(text.size(), cut + 2);
      }
    }
  }
  if (person) {
    // One remark often joins two statements ("we are pleased with the
    // results and are ready to keep talking", or two sentences), and other
    // sources report each on its own. The parts between coordinating
    // conjunctions and sentence ends, three content words or more each, are
    // compared on their own by the same-speaker rule only.
    const std::string_view text = impl->text;
    std::vector<std::pair<std::size_t, std::size_t>> cuts;  // (start, end) of each separator
    for (std::size_t pos = 0; pos < text.size() && cuts.size() < 16; ++pos) {
      const char ch = text[pos];
      if (ch == ' ' && (text.compare(pos, 5, " and ") == 0 || text.compare(pos, 5, " but ") == 0)) {
        cuts.emplace_back(pos, pos + 5);
        pos += 3;
      } else if ((ch == '.' || ch == ';' || ch == '?' || ch == '!') && pos + 1 < text.size() &&
                 text[pos + 1] == ' ') {
        cuts.emplace_back(pos, pos + 2);
      }
    }
    if (!cuts.empty()) {
      cuts.emplace_back(text.size(), text.size());
      std::size_t from = 0;
      for (const auto& [cut, next] : cuts) {
        impl->clauses.push_back({static_cast<std::uint32_t>(from), static_cast<std::uint32_t>(cut),
                                 /*min_content=*/3, true});
        from = std::min(text.size(), next);
      }
    }
  }
}

}  // namespace

Comparison Compare(const MatchInput& root, const MatchInput& member) {
  return Compare(Prepare(root), Prepare(member));
}

void LoadMatcher(unsigned threads) { match_internal::LoadWordNet(threads); }

namespace {

// The first stage of a comparison while filing (FilingStage), kept for
// reuse (CompareHints).
struct FilingStageResult {
  bool pass = false;  // false: not the same statement, whatever the corpus
  match_internal::PairAnalysis r;
  double p = 0;  // the model's probability (when pass)
};

}  // namespace

struct CompareHints::Impl {
  struct Entry {
    std::uint64_t root_id = 0, member_id = 0;  // Prepared::id of the two whole texts
    FilingStageResult stage;
  };
  std::vector<Entry> entries;

  // The stage computed for exactly these two token sequences, if any. A
  // Prepared id is unique per analysis (never reused), and an analysis is
  // immutable: equal ids are equal inputs.
  const FilingStageResult* Find(const Prepared& root, const Prepared& member) const {
    if (root.id == 0 || member.id == 0) return nullptr;
    for (const Entry& e : entries) {
      if (e.root_id == root.id && e.member_id == member.id) return &e.stage;
    }
    return nullptr;
  }
};

namespace {

// Document frequencies of the corpus a comparison runs in (Compare with a
// CandidateIndex). Statements are counted, not quotes: a statement carried
// by many outlets does not make its own words common.
struct Corpus {
  const CandidateIndex* index = nullptr;
  double n = 0;  // statements counted

  double Df(std::uint64_t stem) const { return static_cast<double>(index->StemFrequency(stem)); }
  // Inverse document frequency, smoothed; an unseen stem weighs most.
  double Idf(std::uint64_t stem) const { return IdfOfDf(Df(stem)); }
  // The same from a document frequency: the few small frequencies that make
  // up most tokens are computed once per corpus size (per thread) instead of
  // a logarithm per token and pair; the same expression, the same values.
  double IdfOfDf(double df) const {
    constexpr std::size_t kTable = 512;
    thread_local double table_n = -1;
    thread_local double table[kTable];
    thread_local bool known[kTable];
    auto compute = [&] { return std::log((n + 1) / (df + 1)) + 0.1; };
    if (!(df >= 0 && df < static_cast<double>(kTable))) return compute();
    if (table_n != n) {
      table_n = n;
      std::fill(std::begin(known), std::end(known), false);
    }
    const auto k = static_cast<std::size_t>(df);
    if (!known[k]) {
      table[k] = compute();
      known[k] = true;
    }
    return table[k];
  }
  // A word of the corpus' topic: carried by many statements, so that two
  // unrelated clauses on one story share it.
  bool Topic(std::uint64_t stem) const { return TopicOfDf(Df(stem)); }
  bool TopicOfDf(double df) const { return df >= 2 && df * 50 > n; }
};

// How far the content words of two sequences agree, weighted by IDF: the
// matched share of each side's content weight, and whether a matched pair
// has a non-topic word on both sides.
struct Agreement {
  double frac_a = 0, frac_b = 0;
  bool non_topic = false;
  bool non_topic_stem = false;  // such a pair with one stem on both sides
  bool shared_stem = false;     // a content stem, not a number, on both sides (topic or not)
};

// A loose WordNet link counts only between words of few senses (six): general
// words ("make", "start", "take") reach almost anything one link away.
constexpr std::size_t kMaxLooseSenses = 6;

// Content sequences are bounded for the all-pairs word check below (this
// runs on short renderings; longer sides are cut).
constexpr std::size_t kMaxAgreeTokens = 400;

// What Agree reads of one content token (a stopword has none): its stem,
// IDF, whether it is a topic word, and its senses when WordNet may pair it.
// Computed once per token and call instead of once per pair.
struct AgreeToken {
  std::uint64_t stem = 0;
  std::uint32_t index = 0;  // token index in its sequence
  bool topic = false;
  bool number = false;
  bool may_relate = false;  // (side a) SensesRelated may hold with a token of b
  double idf = 0;
  const match_internal::WordSenses* senses = nullptr;
  const match_internal::WordSenses* loose_senses = nullptr;  // null: no loose link
};

// What a per-thread memo of a sequence's derived values is keyed by: the
// sequence's unique id (Prepared::id, from 1; 0 is an empty slot), the
// corpus' state (the index and its statement count, which grows whenever a
// frequency changes), how many tokens, and the options.
struct SequenceKey {
  std::uint64_t id = 0;
  const CandidateIndex* index = nullptr;
  double corpus_n = -1;
  std::size_t n = 0;
  bool loose = false;
  std::size_t max_loose_senses = 0;
  bool operator==(const SequenceKey&) const = default;
};

// The values of the last few keys per thread, the oldest replaced first.
template <typename Value, std::size_t kSlots = 4>
struct RecentMemo {
  SequenceKey keys[kSlots];
  Value values[kSlots];
  std::size_t next = 0;
  // The value kept for `key`, or null.
  Value* Find(const SequenceKey& key) {
    if (key.id == 0) return nullptr;
    for (std::size_t i = 0; i < kSlots; ++i)
      if (keys[i] == key) return &values[i];
    return nullptr;
  }
  // The oldest slot, emptied (its key invalid until Keep): fill it, then Keep.
  Value& Oldest() {
    keys[next].id = 0;
    return values[next];
  }
  void Keep(const SequenceKey& key) {
    keys[next] = key;
    next = (next + 1) % kSlots;
  }
};

// Document frequencies of the first `n` tokens of `p` (0 for stopwords) in
// the corpus as it is now. A quote is compared with all its candidates as
// the same member, each with its whole and its parts: kept for the last few
// sequences per thread. The reference is valid until the next call.
const std::vector<double>& ContentDf(const Prepared& p, std::size_t n, const Corpus& cp) {
  thread_local RecentMemo<std::vector<double>> memo;
  const SequenceKey key{p.id, cp.index, cp.n, n};
  if (const std::vector<double>* kept = memo.Find(key)) return *kept;
  std::vector<double>& df = memo.Oldest();
  df.assign(n, 0.0);
  for (std::size_t k = 0; k < n; ++k) {
    if (!p.tokens[k].stop) df[k] = cp.Df(p.stem[k]);
  }
  memo.Keep(key);
  return df;
}

void AgreeTokens(const Prepared& p, std::size_t n, const Corpus& cp, bool loose,
                 std::size_t max_loose_senses, std::vector<AgreeToken>* out) {
  out->clear();
  const std::vector<double>& dfs = ContentDf(p, n, cp);
  for (std::size_t k = 0; k < n; ++k) {
    const TokenClass& c = p.tokens[k];
    if (c.stop) continue;
    AgreeToken t;
    t.stem = p.stem[k];
    t.index = static_cast<std::uint32_t>(k);
    t.number = c.number;
    const double df = dfs[k];
    t.topic = cp.TopicOfDf(df);
    t.idf = cp.IdfOfDf(df);
    t.senses = p.senses[k].get();
    if (loose && t.senses != nullptr && t.senses->synsets.size() <= max_loose_senses) {
      t.loose_senses = t.senses;
    }
    out->push_back(t);
  }
}

// AgreeTokens of the other side of Agree, read only: `b` is mostly the
// member, the same for every candidate it meets, so its tokens are kept for
// the last few sequences per thread (keyed as ContentDf's values are, and by
// the options). The reference is valid until the next call.
const std::vector<AgreeToken>& KeptAgreeTokens(const Prepared& p, std::size_t n, const Corpus& cp,
                                               bool loose, std::size_t max_loose_senses) {
  thread_local RecentMemo<std::vector<AgreeToken>> memo;
  const SequenceKey key{p.id, cp.index, cp.n, n, loose, max_loose_senses};
  if (const std::vector<AgreeToken>* kept = memo.Find(key)) return *kept;
  std::vector<AgreeToken>& tokens = memo.Oldest();
  AgreeTokens(p, n, cp, loose, max_loose_senses, &tokens);
  memo.Keep(key);
  return tokens;
}

Agreement Agree(const Prepared& a, const Prepared& b, const Corpus& cp, bool loose,
                std::size_t max_loose_senses = kMaxLooseSenses) {
  Agreement g;
  const std::size_t na = std::min(a.tokens.size(), kMaxAgreeTokens);
  const std::size_t nb = std::min(b.tokens.size(), kMaxAgreeTokens);
  thread_local std::vector<AgreeToken> at;
  AgreeTokens(a, na, cp, loose, max_loose_senses, &at);
  const std::vector<AgreeToken>& bt = KeptAgreeTokens(b, nb, cp, loose, max_loose_senses);
  // Tokens of a whose senses relate to no token of b skip SensesRelated.
  thread_local std::vector<char> may_relate;
  match_internal::MayRelateTo(a, b, &may_relate);
  for (AgreeToken& t : at) t.may_relate = may_relate[t.index] != 0;
  // Tokens of a whose loose neighbourhood meets no loose neighbourhood of b
  // (by signature: LooselyRelated needs their signatures to overlap) skip
  // LooselyRelated.
  std::uint64_t b_loose_sig[match_internal::WordSenses::kSigWords] = {};
  for (const AgreeToken& t : bt) {
    if (t.loose_senses == nullptr) continue;
    for (std::size_t w = 0; w < match_internal::WordSenses::kSigWords; ++w) {
      b_loose_sig[w] |= t.loose_senses->loose_sig[w];
    }
  }
  for (AgreeToken& t : at) {
    if (t.loose_senses == nullptr) continue;
    std::uint64_t any = 0;
    for (std::size_t w = 0; w < match_internal::WordSenses::kSigWords; ++w) {
      any |= b_loose_sig[w] & t.loose_senses->loose_sig[w];
    }
    if (any == 0) t.loose_senses = nullptr;
  }
  // A pair of content tokens is related when their stems are equal, or
  // their senses are related (SensesRelated), or (loose) their loose
  // neighbourhoods meet (LooselyRelated, words of few senses only). The
  // result is sets and flags, so pairs may be visited in any order: equal
  // stems first (cheap), then WordNet only for the pairs whose answer could
  // still change something.
  thread_local std::vector<char> a_matched, b_hit;
  a_matched.assign(at.size(), 0);
  b_hit.assign(bt.size(), 0);
  // One bit per stem of a (stem ids are uniform hashes: their low six
  // bits): a token of b whose bit is clear has no equal stem in a, and its
  // scan over a is skipped.
  std::uint64_t a_stems = 0;
  for (const AgreeToken& t : at) a_stems |= std::uint64_t{1} << (t.stem & 63);
  for (std::size_t y = 0; y < bt.size(); ++y) {
    const AgreeToken& u = bt[y];
    if (((a_stems >> (u.stem & 63)) & 1) == 0) continue;
    for (std::size_t x = 0; x < at.size(); ++x) {
      const AgreeToken& t = at[x];
      if (t.stem != u.stem) continue;
      b_hit[y] = 1;
      a_matched[x] = 1;
      if (!t.number) g.shared_stem = true;
      if (!t.topic && !u.topic) {
        g.non_topic = true;
        g.non_topic_stem = true;
      }
    }
  }
  thread_local std::vector<std::uint32_t> a_wordnet;  // tokens of a WordNet may pair
  a_wordnet.clear();
  for (std::size_t x = 0; x < at.size(); ++x) {
    if (at[x].may_relate || at[x].loose_senses != nullptr) {
      a_wordnet.push_back(static_cast<std::uint32_t>(x));
    }
  }
  if (!a_wordnet.empty()) {
    for (std::size_t y = 0; y < bt.size(); ++y) {
      const AgreeToken& u = bt[y];
      if (u.senses == nullptr) continue;
      for (const std::uint32_t x : a_wordnet) {
        const AgreeToken& t = at[x];
        if (t.stem == u.stem) continue;  // counted above
        // Whatever the relation says, it would change nothing: both tokens
        // are matched and the pair cannot newly be a non-topic pair.
        if (b_hit[y] && a_matched[x] && (g.non_topic || t.topic || u.topic)) continue;
        const bool related = (t.may_relate && match_internal::SensesRelated(t.senses, u.senses)) ||
                             (t.loose_senses != nullptr && u.loose_senses != nullptr &&
                              match_internal::LooselyRelated(t.loose_senses, u.loose_senses));
        if (!related) continue;
        b_hit[y] = 1;
        a_matched[x] = 1;
        if (!t.topic && !u.topic) g.non_topic = true;
      }
    }
  }
  // Weights summed in token order, as always.
  double tb = 0, mb = 0;
  for (std::size_t y = 0; y < bt.size(); ++y) {
    tb += bt[y].idf;
    if (b_hit[y]) mb += bt[y].idf;
  }
  double ta = 0, ma = 0;
  for (std::size_t x = 0; x < at.size(); ++x) {
    ta += at[x].idf;
    if (a_matched[x]) ma += at[x].idf;
  }
  g.frac_a = ta > 0 ? ma / ta : 0;
  g.frac_b = tb > 0 ? mb / tb : 0;
  return g;
}

// The matched share of the side with fewer content words.
double ShorterFrac(const Prepared& a, const Prepared& b, const Agreement& g) {
  return a.content < b.content ? g.frac_a : g.frac_b;
}

// The first stage of a comparison while filing: what the two token
// sequences decide on their own, before the corpus is read. False: not the
// same statement (score 0) whatever the corpus; else `*r` and the model's
// probability `*p`.
bool FilingStage(const Prepared& rp, const Prepared& mp, match_internal::PairAnalysis* r,
                 double* p) {
  if (rp.tokens.empty() || mp.tokens.empty()) return false;
  // Early rejection (while filing quotes; `compare` keeps the model's score
  // for every pair): with two content words or more on each side, every
  // rule and the model's evidence need two content stems in common, so
  // fewer decide "not the same" before any alignment or WordNet lookup.
  std::size_t shared = SIZE_MAX;  // not computed
  if (std::min(rp.content, mp.content) >= 2) {
    shared = match_internal::SharedContentStems(rp, mp);
    if (shared < 2) return false;
  }
  // A pair that no rule takes and that lacks the evidence the model needs is
  // not the same statement whatever the model says: its score is left at 0,
  // as for the early rejection above. AnalyseCandidate stops early on most
  // such pairs.
  if (!match_internal::AnalyseCandidate(rp, mp, r, shared)) return false;
  if (!r->rule_same && !r->evidence) return false;
  *p = match_internal::ModelProbability(match_internal::TrainedModel(), r->features);
  return true;
}

// Short renderings are where unrelated clauses on one story meet.
constexpr std::size_t kShortContent = 12;

// Compare over the given token sequences of root and member (the whole text
// or one quoted fragment of a mixed quote).
// With `force`, the pair is taken as one statement whatever the model says
// (a rule outside it decided), and labelled and flagged as such.
// With a corpus, a short pair must also agree beyond the topic's words.
Comparison ComparePrepared(const AnalysedQuote::Impl& root, const match_internal::Prepared& rp,
                           const AnalysedQuote::Impl& member, const match_internal::Prepared& mp,
                           bool force = false, const Corpus* corpus = nullptr,
                           const FilingStageResult* stage = nullptr) {
  const std::vector<TokenClass>& a = rp.tokens;
  const std::vector<TokenClass>& b = mp.tokens;
  Comparison c;
  c.variant = member.kind == QuoteKind::kIndirect ? Variant::kReported : Variant::kParaphrase;
  if (a.empty() || b.empty()) return c;
  const bool filing = corpus != nullptr && !force;
  match_internal::PairAnalysis computed;
  double p = 0;
  if (filing && stage != nullptr) {
    // Done ahead (CompareHints) from exactly these two token sequences.
    if (!stage->pass) return c;
  } else if (filing) {
    if (!FilingStage(rp, mp, &computed, &p)) return c;
  } else {
    computed = match_internal::Analyse(rp, mp);
    p = match_internal::ModelProbability(match_internal::TrainedModel(), computed.features);
  }
  const match_internal::PairAnalysis& r = filing && stage != nullptr ? stage->r : computed;
  if (filing && stage != nullptr) p = stage->p;
  const Alignment& al = r.al;
  const bool contained = r.contained;
  // Every token aligned both ways: verbatim when the words are the same.
  const bool verbatim = r.contained && r.root_contained && rp.folds == mp.folds;

  c.score = p;
  if (r.contained && r.root_contained) {
    c.same_statement = true;
    c.score = 1.0;
  } else if (r.rule_same) {
    c.same_statement = true;
    c.score = std::max(p, 0.5 + 0.5 * std::max(r.containment, r.coverage) * (contained ? 1 : 0.9));
  } else {
    c.same_statement = force || (r.evidence && p >= match_internal::TrainedModel().threshold);
  }
  if (!c.same_statement) return c;
  if (corpus != nullptr && !force && !(r.contained && r.root_contained) &&
      std::min(rp.content, mp.content) <= kShortContent) {
    const Agreement g = Agree(rp, mp, *corpus, /*loose=*/false);
    // A shared rare word, or synonyms of rare words covering most of it.
    const double frac = ShorterFrac(rp, mp, g);
    const bool beyond_topic = g.non_topic_stem || (g.non_topic && frac >= 0.75);
    if (!beyond_topic || (!r.rule_same && frac < 0.5)) {
      c.same_statement = false;
      return c;
    }
  }

  bool elided = false;
  if (member.kind == QuoteKind::kIndirect) {
    c.variant = Variant::kReported;
  } else if (verbatim) {
    c.variant = Variant::kVerbatim;
  } else if (r.contained && r.root_contained) {
    c.variant = Variant::kAltered;  // same stems, inflection changed
  } else if (contained) {
    elided = al.blocks > 1;
    c.variant = elided ? Variant::kElided : Variant::kTruncated;
  } else if (member.kind == QuoteKind::kMixed) {
    c.variant = Variant::kParaphrase;
  } else {
    // Quoted with changed words: a few -> altered; throughout -> a
    // different rendering of the same utterance (translation).
    const double unaligned_content = static_cast<double>(r.content_member - r.content_aligned);
    c.variant = (r.containment >= 0.75 || unaligned_content <= 2) ? Variant::kAltered
                                                                  : Variant::kRetranslated;
  }
  c.flags = Flags(rp, mp, al, elided, root, member);
  return c;
}

}  // namespace

namespace {

// Whether two renderings are given to the same named person (spellings and
// a surname alone meet; collective and anonymous sources never).
bool SamePerson(const AnalysedQuote::Impl& a, const AnalysedQuote::Impl& b) {
  auto person = [](const AnalysedQuote::Impl& q) {
    return !q.speaker_key.empty() &&
           (q.speaker_kind == SpeakerKind::kPerson || q.speaker_kind == SpeakerKind::kUnknown);
  };
  if (person(a) && person(b)) {
    return a.speaker_key == b.speaker_key || SamePersonKey(a.speaker_key, b.speaker_key);
  }
  // A source mention that holds a person's full name (two words or more)
  // among other words is that person, whatever kind it was given
  // ("the ministry's spokeswoman Ines Halloran after the meeting").
  auto holds = [](const AnalysedQuote::Impl& longer, const AnalysedQuote::Impl& named) {
    const std::string& k = named.speaker_key;
    if (longer.speaker_kind == SpeakerKind::kAnonymous || longer.speaker_key.size() <= k.size() ||
        k.find(' ') == std::string::npos) {
      return false;
    }
    const std::string padded = " " + longer.speaker_key + " ";
    return padded.find(" " + k + " ") != std::string::npos;
  };
  return (person(b) && holds(a, b)) || (person(a) && holds(b, a));
}

// A clause of a quote analysed on its own (see AnalysedQuote::Impl::clauses),
// or nothing when it is too short. Analysed when needed: only the
// same-person rule reads clauses, and rarely, while a prepared root is kept
// for the life of its statement.
// A quote meets many candidates, and a root many quotes: the analyses are
// memoised per thread by the quote's serial number (never reused) and the
// clause's index. The reference is valid until the next call.
const std::optional<Prepared>& ClausePrepared(const AnalysedQuote::Impl& q, std::size_t index) {
  struct Slot {
    std::uint64_t serial = 0;  // 0: empty (serials start at 1)
    std::size_t index = 0;
    std::optional<Prepared> prepared;
  };
  constexpr std::size_t kSlots = 8192;
  thread_local std::vector<Slot> memo(kSlots);
  const std::uint64_t key = q.serial * 0x9E3779B97F4A7C15ULL + index;
  Slot& slot = memo[(key ^ (key >> 29)) % kSlots];
  if (slot.serial == q.serial && slot.index == index) return slot.prepared;
  slot.serial = q.serial;
  slot.index = index;
  slot.prepared.reset();
  const AnalysedQuote::Impl::Clause& span = q.clauses[index];
  const std::string_view text = q.text;
  if (span.end > text.size() || span.begin > span.end) return slot.prepared;
  auto part = match_internal::Tokenize(text.substr(span.begin, span.end - span.begin),
                                       match_internal::kMaxCompareTokens);
  std::size_t content = 0;
  for (const auto& t : part) content += t.stop ? 0 : 1;
  if (content < span.min_content) return slot.prepared;
  if (span.shorter && part.size() >= q.prepared.tokens.size()) return slot.prepared;
  slot.prepared = match_internal::Prepare(std::move(part));
  return slot.prepared;
}

Comparison CompareImpl(const AnalysedQuote& root_q, const AnalysedQuote& member_q,
                       const Corpus* corpus, const CompareHints* hints = nullptr) {
  static const AnalysedQuote::Impl kEmpty;
  const AnalysedQuote::Impl& root = root_q.empty() ? kEmpty : *root_q.impl();
  const AnalysedQuote::Impl& member = member_q.empty() ? kEmpty : *member_q.impl();
  const FilingStageResult* stage =
      corpus != nullptr && hints != nullptr ? hints->impl()->Find(root.prepared, member.prepared)
                                            : nullptr;
  Comparison c =
      ComparePrepared(root, root.prepared, member, member.prepared, false, corpus, stage);
  if (c.same_statement) return c;
  // A mixed rendering quotes a few words of the statement inside reported
  // speech: the quoted words may be the statement where the whole is not.
  // A quoted fragment is also the statement when every content word of it
  // is found in the other rendering, by stem or as a WordNet synonym, with
  // at least one word exactly ("pleased with the outcome" in "we are pleased
  // with the results and ready to talk"): a short excerpt with a word
  // changed, which the model (trained on whole sentences) does not see.
  auto fragment = [&](const match_internal::Prepared& rp, const match_internal::Prepared& mp,
                      const match_internal::Prepared& frag, const match_internal::Prepared& whole) {
    Comparison f = ComparePrepared(root, rp, member, mp, false, corpus);
    // Without a content stem in common the WordNet pass is not needed, and
    // it stops once a content word of the fragment is left unmatched.
    if (!f.same_statement && frag.content >= 2 && frag.content <= whole.content &&
        match_internal::SharedContentStems(whole, frag) >= 1) {
      const auto [by_stem, by_either] = match_internal::ContentMatched(whole, frag, frag.content);
      if (by_stem >= 1 && by_either == frag.content &&
          (corpus == nullptr || Agree(rp, mp, *corpus, false).non_topic)) {
        f = ComparePrepared(root, rp, member, mp, /*force=*/true);
        f.score = std::max(
            f.score, 0.5 + 0.25 * static_cast<double>(by_stem) / static_cast<double>(frag.content));
      }
    }
    if (f.same_statement && (!c.same_statement || f.score > c.score)) c = std::move(f);
  };
  for (const auto& frag : member.fragments) fragment(root.prepared, frag, frag, root.prepared);
  for (const auto& frag : root.fragments) fragment(frag, member.prepared, frag, member.prepared);
  if (c.same_statement || corpus == nullptr || !SamePerson(root, member)) return c;
  // One person's renderings in other words: reported speech and paraphrase
  // ("expressed satisfaction" for "we are pleased"). The speaker already ties
  // the two; the words must agree by stem or loose WordNet relation on half
  // of the shorter side's weighted content, with a non-topic word among the
  // matches (topic words weigh little: a shared "ceasefire" is not enough).
  // The share is measured on the whole or on a quoted fragment or clause of
  // either.
  // A part of the root (a clause of a longer remark, see Prepare) reported
  // on its own is the statement on weaker word evidence: one content stem
  // in common, and the WordNet neighbourhoods of polysemous words too
  // ("eager to maintain cooperation" reported as "eager to continue its
  // collaboration"), covering six tenths of both sides' weighted content,
  // when both are short (six content words or fewer: one clause reported
  // as one clause). The structure (one person, one clause of a remark the
  // person made) carries the rest.
  constexpr std::size_t kMaxPartContent = 6;
  auto loose = [&](const match_internal::Prepared& rp, const match_internal::Prepared& mp,
                   bool root_part = false, const Agreement* known = nullptr) {
    const std::size_t shorter = std::min(rp.content, mp.content);
    if (shorter < 2 || shorter > 30) return;
    Agreement g = known != nullptr ? *known : Agree(rp, mp, *corpus, /*loose=*/true);
    if (root_part && (!g.non_topic || std::max(g.frac_a, g.frac_b) < 0.5) &&
        std::max(rp.content, mp.content) <= kMaxPartContent) {
      g = Agree(rp, mp, *corpus, /*loose=*/true, /*max_loose_senses=*/SIZE_MAX);
      // Both sides mostly covered: the looser relation must explain the
      // clause and the report alike, not one of them.
      if (!g.shared_stem || std::min(g.frac_a, g.frac_b) < 0.6) return;
    }
    // The shorter side must be covered; of two sides about as long (within
    // a quarter), the better covered one decides.
    const bool similar = 4 * std::max(rp.content, mp.content) <= 5 * shorter;
    const bool use_a = similar ? g.frac_a >= g.frac_b : rp.content < mp.content;
    const double frac = use_a ? g.frac_a : g.frac_b;
    if (!g.non_topic || frac < 0.5) return;
    Comparison f = ComparePrepared(root, rp, member, mp, /*force=*/true);
    f.score = 0.5 + 0.25 * frac;
    if (!c.same_statement || f.score > c.score) c = std::move(f);
  };
  const Agreement whole = Agree(root.prepared, member.prepared, *corpus, /*loose=*/true);
  loose(root.prepared, member.prepared, false, &whole);
  for (const auto& frag : member.fragments) loose(root.prepared, frag);
  for (const auto& frag : root.fragments) loose(frag, member.prepared);
  // A clause's word pairs are among the whole's (same stems and senses), so
  // when the whole has no related pair of non-topic words no clause has one,
  // and without a shared stem the weaker root-part evidence cannot hold
  // either: the clauses are then not analysed at all. (Exact while Agree
  // reads every token of the whole.)
  const bool bounded = root.prepared.tokens.size() <= kMaxAgreeTokens &&
                       member.prepared.tokens.size() <= kMaxAgreeTokens;
  if (bounded && !whole.non_topic && !whole.shared_stem) return c;
  // A member's parts between conjunctions are not compared: a fuller
  // rendering filed after one of its parts reaches the part through the
  // whole (and becomes the root), and every candidate would pay for them.
  if (!bounded || whole.non_topic) {
    for (std::size_t k = 0; k < member.clauses.size(); ++k) {
      if (member.clauses[k].shorter) continue;
      if (const auto& part = ClausePrepared(member, k)) loose(root.prepared, *part);
    }
  }
  for (std::size_t k = 0; k < root.clauses.size(); ++k) {
    if (const auto& part = ClausePrepared(root, k)) loose(*part, member.prepared, true);
  }
  return c;
}

}  // namespace

std::uint64_t match_internal::SpeakerBucket(const AnalysedQuote::Impl& q) {
  if (q.speaker_key.empty()) return 0;
  if (q.speaker_kind != SpeakerKind::kPerson && q.speaker_kind != SpeakerKind::kUnknown) return 0;
  const std::size_t sp = q.speaker_key.rfind(' ');
  const std::string_view surname = sp == std::string::npos
                                       ? std::string_view(q.speaker_key)
                                       : std::string_view(q.speaker_key).substr(sp + 1);
  if (surname.empty()) return 0;
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a
  for (unsigned char ch : surname) h = (h ^ ch) * 1099511628211ULL;
  return h == 0 ? 1 : h;
}

Comparison Compare(const AnalysedQuote& root, const AnalysedQuote& member) {
  return CompareImpl(root, member, nullptr);
}

Comparison Compare(const AnalysedQuote& root, const AnalysedQuote& member,
                   const CandidateIndex& corpus) {
  Corpus cp;
  cp.index = &corpus;
  cp.n = static_cast<double>(corpus.statements_counted());
  return CompareImpl(root, member, &cp);
}

Comparison Compare(const AnalysedQuote& root, const AnalysedQuote& member,
                   const CandidateIndex& corpus, const CompareHints& hints) {
  Corpus cp;
  cp.index = &corpus;
  cp.n = static_cast<double>(corpus.statements_counted());
  return CompareImpl(root, member, &cp, &hints);
}

// ---------------------------------------------------------------------------
// Comparisons done ahead.

CompareHints::CompareHints() = default;
CompareHints::~CompareHints() = default;
CompareHints::CompareHints(CompareHints&&) noexcept = default;
CompareHints& CompareHints::operator=(CompareHints&&) noexcept = default;

void CompareHints::Add(const AnalysedQuote& root, const AnalysedQuote& member) {
  if (root.empty() || member.empty()) return;
  const Prepared& rp = root.impl()->prepared;
  const Prepared& mp = member.impl()->prepared;
  if (rp.id == 0 || mp.id == 0) return;
  if (!impl_) impl_ = std::make_unique<Impl>();
  if (impl_->Find(rp, mp) != nullptr) return;
  Impl::Entry e;
  e.root_id = rp.id;
  e.member_id = mp.id;
  e.stage.pass = FilingStage(rp, mp, &e.stage.r, &e.stage.p);
  if (!e.stage.pass) e.stage.r = match_internal::PairAnalysis();  // nothing of it is read
  impl_->entries.push_back(std::move(e));
}

std::size_t CompareHints::size() const { return impl_ ? impl_->entries.size() : 0; }

}  // namespace qt
