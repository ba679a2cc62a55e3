#!/usr/bin/env bash
# Fetches Pacemaker 2.1.5's scheduler regression suite (cts/scheduler: 798 cases) from Debian's
# source package into ${HABLOCKS_CACHE:-$HOME/.cache/ha-blocks}/pacemaker-2.1.5/.
#
# It uses a private apt state (its own sources list, lists and cache under the cache dir), so the
# system's apt configuration is never changed. The deb-src line points at the Debian mirror the
# system's apt already uses (read from /etc/apt/sources.list and /etc/apt/sources.list.d/*).
# Idempotent: does nothing when the suite is already there. Prints progress on stderr; exits
# non-zero with a reason on any failure. Prints the suite directory on stdout when done.
#
# Usage: scripts/fetch-pacemaker-suite.sh
set -euo pipefail

VERSION="2.1.5"
DEB_VERSION="2.1.5-1+deb12u1"
SUITE="bookworm"
cache="${HABLOCKS_CACHE:-$HOME/.cache/ha-blocks}"
dest="$cache/pacemaker-$VERSION"
scheduler="$dest/cts/scheduler"

say() { echo "fetch-pacemaker-suite: $*" >&2; }
die() { say "ERROR: $*"; exit 1; }

count_cases() { find "$scheduler/xml" -maxdepth 1 -name '*.xml' 2>/dev/null | wc -l; }

if [[ -f "$dest/.complete" && -d "$scheduler/xml" ]]; then
  say "already present: $scheduler ($(count_cases) CIBs)"
  echo "$scheduler"
  exit 0
fi

command -v apt-get >/dev/null || die "apt-get not found (a Debian system is needed)"
command -v tar >/dev/null || die "tar not found"

# --- find the Debian mirror apt already uses -------------------------------------------------
# Prints "URI SIGNED_BY" of the first enabled 'deb' entry for a bookworm suite that is not the
# security archive. Handles one-line .list files and deb822 .sources files.
find_mirror() {
  local f
  local files=()
  [[ -f /etc/apt/sources.list ]] && files+=(/etc/apt/sources.list)
  for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [[ -f "$f" ]] && files+=("$f")
  done
  for f in "${files[@]}"; do
    if [[ "$f" == *.sources ]]; then
      # deb822: blank-line separated stanzas
      awk -v want="$SUITE" '
        function flush() {
          if (types ~ /(^|[ \t])deb([ \t]|$)/ && enabled != "no" && uris != "" &&
              suites ~ ("(^|[ \t])" want "([ \t]|$)") && uris !~ /security/) {
            split(uris, u, /[ \t]+/); print u[1] " " signed; found = 1; exit
          }
          types = ""; uris = ""; suites = ""; signed = ""; enabled = ""
        }
        /^[ \t]*#/ { next }
        /^[ \t]*$/ { flush(); next }
        {
          key = $1; sub(/:$/, "", key); val = $0; sub(/^[^:]*:[ \t]*/, "", val)
          if (key == "Types") types = val
          else if (key == "URIs") uris = val
          else if (key == "Suites") suites = val
          else if (key == "Signed-By") signed = val
          else if (key == "Enabled") enabled = tolower(val)
        }
        END { if (!found) flush() }
      ' "$f"
    else
      awk -v want="$SUITE" '
        /^[ \t]*#/ { next }
        $1 == "deb" {
          i = 2; signed = ""
          if ($2 ~ /^\[/) {
            opts = ""
            while (i <= NF) { opts = opts " " $i; if ($i ~ /\]$/) { i++; break } i++ }
            if (match(opts, /signed-by=[^] ]+/)) signed = substr(opts, RSTART + 10, RLENGTH - 10)
          }
          uri = $i; suite = $(i + 1)
          if (suite == want && uri !~ /security/) { print uri " " signed; exit }
        }
      ' "$f"
    fi
  done | head -n 1
}

mirror_line="$(find_mirror)"
[[ -n "$mirror_line" ]] || die "no enabled 'deb ... $SUITE' entry in /etc/apt/sources.list or /etc/apt/sources.list.d/*; cannot tell which Debian mirror to use"
mirror="${mirror_line%% *}"
signed_by="${mirror_line#* }"
[[ "$signed_by" == "$mirror_line" ]] && signed_by=""
say "Debian mirror from the system's apt sources: $mirror"

# --- private apt state -----------------------------------------------------------------------
work="$cache/apt-private"
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/download" \
  || die "cannot create $work"
opts=""
[[ -n "$signed_by" ]] && opts="[signed-by=$signed_by] "
echo "deb-src ${opts}$mirror $SUITE main" > "$work/sources.list"
apt_opts=(-o "Dir::Etc::SourceList=$work/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
          -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache"
          -o "Debug::NoLocking=1" -o "APT::Sandbox::User=root")
if [[ $(id -u) -ne 0 ]]; then
  apt_opts=(-o "Dir::Etc::SourceList=$work/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
            -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache" -o "Debug::NoLocking=1")
fi

say "apt-get update (private state in $work)"
apt-get "${apt_opts[@]}" update -q >"$work/update.log" 2>&1 \
  || { tail -n 20 "$work/update.log" >&2; die "apt-get update failed (log: $work/update.log)"; }

orig="pacemaker_${VERSION}.orig.tar.gz"
if [[ ! -f "$work/download/$orig" ]]; then
  say "apt-get source --download-only pacemaker=$DEB_VERSION"
  (cd "$work/download" && apt-get "${apt_opts[@]}" source --download-only "pacemaker=$DEB_VERSION") \
    >"$work/source.log" 2>&1 \
    || { tail -n 20 "$work/source.log" >&2; die "apt-get source failed (log: $work/source.log)"; }
fi
[[ -f "$work/download/$orig" ]] || die "$orig was not downloaded (see $work/source.log)"

# --- extract only cts/scheduler ---------------------------------------------------------------
say "extracting cts/scheduler from $orig"
tmp="$(mktemp -d "$cache/extract.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
top="$( (tar -tzf "$work/download/$orig" || true) | awk -F/ 'NR == 1 { print $1; exit }')"
[[ -n "$top" ]] || die "$orig looks empty"
tar -xzf "$work/download/$orig" -C "$tmp" "$top/cts/scheduler" \
  || die "cannot extract $top/cts/scheduler from $orig"
rm -rf "$dest"
mkdir -p "$dest/cts"
mv "$tmp/$top/cts/scheduler" "$dest/cts/scheduler" || die "cannot move the suite to $dest"
n="$(count_cases)"
[[ "$n" -ge 700 ]] || die "only $n CIBs in $scheduler/xml; expected 798"
touch "$dest/.complete"
say "done: $n CIBs in $scheduler/xml"
echo "$scheduler"
