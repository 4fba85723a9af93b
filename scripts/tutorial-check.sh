#!/usr/bin/env bash
# Checks Docs/Tutorial.md against the release CLI (issue 12): runs every command of the
# tutorial and compares what it prints with what the tutorial says it prints.
#
# What the tutorial's Markdown must follow for this script to find things:
# - Commands are lines starting with "$ " inside ```console blocks; a line ending in "\" goes
#   on to the next. `.build/release/descent` and `swift run -c release descent` at the start
#   of a command are replaced by the binary this script built.
# - The lines after a command, up to the next command or the end of the block, are its
#   expected output: each must appear in what the command printed (standard output, then
#   standard error), in the same order, other lines in between allowed. A line "..." only
#   marks left-out lines. Timings ("0.75 s") are compared as "T s".
# - A command must exit with status 0, unless the line just before its block is
#   "<!-- tutorial-check: exit N -->", which makes every command of that block expect N.
# - In the prose after a console block (up to the next one), every inline code span that is a
#   number (`0.9666`, `-1.5`, `4.4e-16`) must appear as a number in that block's output.
# - The lines of every ```swift block must appear, in order (indentation aside), in
#   Tests/DescentTests/Tutorial/TutorialCodeTests.swift, the test that compiles and runs it.
# - Every picture the tutorial shows (images/NAME.svg) must be made by one of its commands.
# - Every file the commands write (in the folder they run in) must be listed in .gitignore.
# - A ```swift block right after the line "<!-- tutorial-check: not in the test -->" (such as
#   a Package.swift) is not looked for in the test.
#
# The commands run in a new temporary folder in which Docs is a link to the repository's
# Docs, so files they write (plots, models) land there and not in the work tree.
#
# Usage: scripts/tutorial-check.sh [--scratch-path PATH] [--pictures DIR]
#   --scratch-path PATH  the build folder, as for swift build (default .build)
#   --pictures DIR       run only the commands that draw (--plot, --graph, --report), without comparing
#                        their output, and copy the SVG files they write into DIR
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
tutorial=Docs/Tutorial.md
code_test=Tests/DescentTests/Tutorial/TutorialCodeTests.swift
build=(-c release)
pictures=""
while [ $# -gt 0 ]; do
  case "$1" in
    --scratch-path) build+=(--scratch-path "$2"); shift 2 ;;
    --pictures) pictures="$2"; shift 2 ;;
    *) echo "usage: $0 [--scratch-path PATH] [--pictures DIR]" >&2; exit 64 ;;
  esac
done
swift build "${build[@]}" --product descent >/dev/null
bin=$(swift build "${build[@]}" --show-bin-path)/descent

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ln -s "$root/Docs" "$work/Docs"
plan="$work/.plan"

# The plan, one record per line, fields separated by tabs:
#   C block status command     a command of console block `block`, expecting `status`
#   E line                     an expected output line of the last command
#   N block number             a number the prose after block `block` quotes
#   S line                     a line of a swift block
#   I name                     a picture the tutorial shows
awk '
  function flush(   i) {
    if (pending != "") print "C\t" block "\t" status "\t" pending
    for (i = 1; i <= expected; i++) print "E\t" lines[i]
    pending = ""; expected = 0
  }
  /^```console[[:space:]]*$/ { block++; inconsole = 1; status = nextstatus + 0; nextstatus = 0; next }
  /^```swift[[:space:]]*$/ && skipswift { skipswift = 0; infence = 1; next }
  /^```swift[[:space:]]*$/ { inswift = 1; next }
  /^```/ && inconsole { flush(); inconsole = 0; next }
  /^```/ && inswift { inswift = 0; next }
  /^```/ { infence = !infence; next }
  inswift { line = $0; sub(/^[[:space:]]+/, "", line); if (line != "") print "S\t" line; next }
  inconsole {
    if (continuing) { line = $0; sub(/^[[:space:]]+/, "", line); pending = pending " " line }
    else if ($0 ~ /^\$ /) { flush(); pending = substr($0, 3) }
    else { if ($0 != "...") lines[++expected] = $0; next }
    continuing = (pending ~ /\\$/)
    if (continuing) sub(/[[:space:]]*\\$/, "", pending)
    next
  }
  infence { next }
  /^<!-- tutorial-check: exit [0-9]+ -->/ { nextstatus = $4; next }
  /^<!-- tutorial-check: not in the test -->/ { skipswift = 1; next }
  {
    if (block > 0) {
      rest = $0
      while (match(rest, /`[^`]+`/)) {
        span = substr(rest, RSTART + 1, RLENGTH - 2)
        rest = substr(rest, RSTART + RLENGTH)
        if (span ~ /^-?[0-9]+(\.[0-9]+)?(e[-+]?[0-9]+)?$/) print "N\t" block "\t" span
      }
    }
    rest = $0
    while (match(rest, /\(images\/[^)]+\.svg\)/)) {
      print "I\t" substr(rest, RSTART + 8, RLENGTH - 9)
      rest = substr(rest, RSTART + RLENGTH)
    }
  }
' "$tutorial" >"$plan"

timings() { sed -E 's/[0-9]+\.[0-9]+ s([^[:alnum:]]|$)/T s\1/g; s/[[:space:]]+$//'; }

failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# Runs the plan's commands; compares each command's output once its expected lines are read.
commands=0
compare_pending=""
compare() {
  [ -n "$compare_pending" ] || return 0
  local k=$compare_pending
  compare_pending=""
  [ -z "$pictures" ] || return 0
  timings <"$work/.expected.$k" >"$work/.e"
  timings <"$work/.out.$k" >"$work/.a"
  local missing
  missing=$(awk '
    NR == FNR { actual[++n] = $0; next }
    { while (i < n && actual[i + 1] != $0) i++
      if (i >= n) { print "  missing: " $0; exit }
      i++ }
  ' "$work/.a" "$work/.e")
  if [ -n "$missing" ]; then
    fail "$(cat "$work/.cmd.$k")"$'\n'"$missing"$'\n'"  printed:"$'\n'"$(sed 's/^/    /' "$work/.out.$k")"
  fi
}

while IFS=$'\t' read -r kind a b c; do
  case "$kind" in
    C)
      compare
      block=$a; status=$b; command=$c
      if [ -n "$pictures" ] && ! [[ "$command" =~ --(plot|graph|report)[[:space:]] ]]; then continue; fi
      commands=$((commands + 1))
      k=$commands
      : >"$work/.expected.$k"
      printf '%s\n' "$command" >"$work/.cmd.$k"
      run="$command"
      run="${run/#.build\/release\/descent/\"\$bin\"}"
      run="${run/#swift run -c release descent/\"\$bin\"}"
      set +e
      (cd "$work" && eval "$run") >"$work/.stdout.$k" 2>"$work/.stderr.$k"
      code=$?
      set -e
      cat "$work/.stdout.$k" "$work/.stderr.$k" >"$work/.out.$k"
      cat "$work/.out.$k" >>"$work/.block.$block"
      if [ "$code" -ne "$status" ]; then
        fail "$command"$'\n'"  exit status $code, expected $status:"$'\n'"$(sed 's/^/    /' "$work/.out.$k")"
      else
        echo "ok   $command"
      fi
      compare_pending=$k
      ;;
    E) [ -z "$compare_pending" ] || printf '%s\n' "$a" >>"$work/.expected.$compare_pending" ;;
    *) compare ;;
  esac
done <"$plan"
compare

if [ -n "$pictures" ]; then
  mkdir -p "$pictures"
  while IFS=$'\t' read -r kind name; do
    [ "$kind" = I ] || continue
    if [ -f "$work/$name" ]; then
      mkdir -p "$(dirname "$pictures/$name")"
      cp "$work/$name" "$pictures/$name"
    else
      fail "no command made $name"
    fi
  done <"$plan"
  [ "$failures" -eq 0 ] || exit 1
  echo "Wrote the tutorial's pictures to $pictures."
  exit 0
fi

numbers=0
while IFS=$'\t' read -r kind a b; do
  [ "$kind" = N ] || continue
  numbers=$((numbers + 1))
  pattern="(^|[^0-9.])${b//./\\.}([^0-9]|$)"
  if ! grep -Eq -- "$pattern" "$work/.block.$a" 2>/dev/null; then
    fail "the figure \`$b\` quoted after console block $a is not in that block's output"
  fi
done <"$plan"

{ grep $'^S\t' "$plan" || true; } | cut -f2- >"$work/.swift"
swift_lines=$(wc -l <"$work/.swift")
sed -E 's/^[[:space:]]+//' "$code_test" >"$work/.test"
missing=$(awk '
  NR == FNR { test[++n] = $0; next }
  { while (i < n && test[i + 1] != $0) i++
    if (i >= n) { print $0; exit }
    i++ }
' "$work/.test" "$work/.swift")
[ -z "$missing" ] || fail "the tutorial's Swift line is not in $code_test (in order): $missing"

# What the commands wrote must be what .gitignore lists, so that running the tutorial in a
# clone leaves `git status` clean.
written=0
for path in "$work"/* "$work"/.[!.]*; do
  [ -e "$path" ] || continue
  name=$(basename "$path")
  case "$name" in Docs | .plan | .block.* | .cmd.* | .expected.* | .out.* | .stdout.* | .stderr.* | .e | .a | .swift | .test) continue ;; esac
  written=$((written + 1))
  [ -d "$path" ] && name="$name/"
  git check-ignore -q --no-index "$name" || fail "the tutorial writes $name, which .gitignore does not list"
done

images=0
while IFS=$'\t' read -r kind name; do
  [ "$kind" = I ] || continue
  images=$((images + 1))
  [ -f "$work/$name" ] || fail "the picture images/$name is made by none of the tutorial's commands"
  [ -f "Docs/images/$name" ] || fail "Docs/images/$name is missing: run scripts/tutorial-pictures.sh"
done <"$plan"

echo
echo "$commands commands run, $numbers quoted figures, $swift_lines Swift lines, $images pictures, $written written files checked: $failures failed."
[ "$failures" -eq 0 ]
