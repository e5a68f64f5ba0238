#!/usr/bin/env bash
# Prints the "tour of the commands" section of README.md with real output:
# every command is run exactly as shown, from a scratch folder holding only
# the sample corpus and the binary, on a fresh database. Regenerate the README
# section with it whenever the output changes:
#   scripts/tour.sh [BUILD_DIR] > /tmp/tour.md
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
build="$(cd "${1:-$repo/build}" && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
ln -s "$build" "$scratch/build"
ln -s "$repo/samples" "$scratch/samples"
mkdir "$scratch/reports"
cd "$scratch"

# step TEXT COMMAND: a paragraph, then the command and its output (stdout and
# stderr, as a terminal shows them) in one code block.
step() {
  printf '%s\n\n```console\n$ %s\n' "$1" "$2"
  NO_COLOR=1 bash -c "$2" 2>&1 | sed -e 's/[[:space:]]*$//' -e "s#$scratch/##g"
  printf '```\n\n'
}

step '**ingest** reads files, folders, `.jsonl` and `.html`, extracts and attributes quotes, stores them and matches them into statements. The default database is `./quotetrack.db`; ingesting the same articles again changes nothing.' \
  'build/quotetrack ingest samples/articles && build/quotetrack ingest samples/articles'

step '**extract** is stateless (no database): one JSON object per quote, with byte offsets into the file as read. Here a quote split by its attribution ("…," she said, "…"):' \
  'build/quotetrack extract samples/articles/02-herald-calloway-walkout.txt | sed -n 2,3p'

step '**speakers**: who was quoted, how often, under which spellings and roles, in which outlets.' \
  'build/quotetrack speakers | head -16'

step '**quotes --speaker**: everything one person said, under any spelling of the name.' \
  'build/quotetrack quotes --speaker Kravetskiy | head -20'

step '**search**: full-text search (SQLite FTS5) over the quotes.' \
  'build/quotetrack search "slammed a door"'

step '**statements**: statements carried by several sources, most changed first, with the flags a fact-checker must see.' \
  'build/quotetrack statements --min-sources 2 --speaker "Ines Calloway"'

step '**drift**: every rendering of one statement in publication order, with word-level differences against the root (`[-removed-]`, `{+added+}`; coloured on a terminal). `--html FILE` writes the same as a self-contained page.' \
  'build/quotetrack drift 2 && build/quotetrack drift 2 --html reports/drift-2.html'

step '**export**: the quote sheet, one row per quote, as CSV (RFC 4180; cells a spreadsheet would run as formulas are neutralised) or `--format jsonl`; `--speaker` filters.' \
  'build/quotetrack export -o reports/quote-sheet.csv && head -3 reports/quote-sheet.csv'

step '**compare**: for each `TEXT_A<TAB>TEXT_B` line, whether the two would be filed as the same statement, a score and the variant.' \
  'printf "Nobody has shown us a filling schedule.\tNo one has presented us with a schedule of filling.\nThe numbers are on our side.\tLet them check every cubic metre.\n" | build/quotetrack compare --tsv -'
