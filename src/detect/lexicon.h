// Word lists shared by detect and attribute. General English news usage only.
#pragma once

#include <string_view>

namespace qt::lex {

// Learned cue rate of a lower-cased word (0 if not a cue word); see
// tools/learn_cues.py.
float CueRate(std::string_view lower);

// Verbs that introduce speech in every frame ("said", "told", "added").
bool IsSpeechVerb(std::string_view lower);
// Auxiliaries and adverbs that may sit between a subject and its cue.
bool IsCueModifier(std::string_view lower);
bool IsPronoun(std::string_view lower);
// Possessive determiners ("his", "their"): never the subject of a verb.
bool IsPossessive(std::string_view lower);
// "not", "never", "n't" forms: a negated cue reports nothing.
bool IsNegation(std::string_view lower);
// Words that end a backward noun-phrase scan.
bool IsNpStopper(std::string_view lower);
// News agencies and wire services ("Reuters", "AFP", "Associated Press").
bool IsAgency(std::string_view text);
// Honorifics, with or without their full stop ("Mr", "Ms.", "Dr").
bool IsHonorific(std::string_view lower);
// Words that open a sentence or clause and never belong to a source mention
// ("However", "Despite", "But").
bool IsSentenceOpener(std::string_view lower);
// Cues that report how things seem or are said to be, with no speaker; the
// subject before them belongs to the content. kVerb: "The returns seemed a
// reminder …", "X appears to …"; kPredicate, after a form of "be" and before
// "to": "she is expected to run", "it is likely to"; kAdverb: "he reportedly
// left"; kHedge: "her seemingly shocked gaze" (too loose to find attributions
// by rule, but a cue the tagger found with it has no speaker either).
enum class Raising : unsigned char { kNone, kVerb, kPredicate, kAdverb, kHedge };
Raising RaisingKind(std::string_view lower);
inline bool IsRaisingCue(std::string_view lower) { return RaisingKind(lower) != Raising::kNone; }
// Words that may stand lower-case inside a source noun phrase.
bool IsNpFunctionWord(std::string_view lower);

}  // namespace qt::lex
