#!/usr/bin/env bash
# Measures skillmap against the targets of docs/performance.md: builds
# skillmap, generates the 10,000-participant workshop with `skillmap demo`,
# runs each command of the table several times under /usr/bin/time -v and
# prints a markdown table of median wall time and peak RSS against each
# target; then how cost grows with participants (100, 1,000, 10,000) and
# with history (1,000 and 10,000 commits on 1,000 participants).
#
#   scripts/bench.sh              # everything, 5 runs a row (about 15 minutes)
#   RUNS=3 scripts/bench.sh       # fewer runs
#   QUICK=1 scripts/bench.sh      # the main table only
#   WORK=/tmp/bench scripts/bench.sh   # keep the repositories there
#   REMOTE=only scripts/bench.sh  # only the remotes table (REMOTE=0: none;
#                                 # REMOTE=submits: only its submits)
#
# The remotes table serves the 10,000-participant workshop on loopback over
# git daemon and over git http-backend (scripts/githttp, a CGI host), and a
# 40-person one over SSH too (internal/gittest's server, run from its test
# binary), and measures report --from and join against git clone, and 20
# submits one after another against 20 at once.
#
# Needs bash, git (for the long history and the servers) and GNU time
# (installed with apt-get when missing). Timings on a shared machine vary:
# the load average is printed with the table.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
DEMO_RUNS=${DEMO_RUNS:-3}
QUICK=${QUICK:-}
REMOTE=${REMOTE:-1}
REMOTE_RUNS=${REMOTE_RUNS:-3}
WORK=${WORK:-$(mktemp -d /tmp/skillmap-bench.XXXXXX)}
mkdir -p "$WORK"

if ! /usr/bin/time -V >/dev/null 2>&1; then
  echo "installing GNU time" >&2
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq --no-install-recommends time >/dev/null
  else
    sudo apt-get update -qq && sudo apt-get install -y -qq --no-install-recommends time >/dev/null
  fi
fi

SM="$WORK/skillmap"
go build -o "$SM" ./cmd/skillmap
export CI=true # no progress bars
export GIT_AUTHOR_NAME="Bench" GIT_AUTHOR_EMAIL="bench@example.org" GIT_COMMITTER_NAME="Bench" GIT_COMMITTER_EMAIL="bench@example.org"

log() { echo "$*" >&2; }

# run_timed CMD: runs CMD (a bash command line) once under GNU time and
# prints "SECONDS KIB".
run_timed() {
  /usr/bin/time -v -o "$WORK/time.txt" bash -c "exec $1" >/dev/null 2>"$WORK/stderr.txt" || {
    log "failed: $1"; cat "$WORK/stderr.txt" >&2; exit 1; }
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i] }
    /Maximum resident set size/ { kb = $2 }
    END { printf "%.3f %d\n", s, kb }' "$WORK/time.txt"
}

# median of numbers on stdin
median() { sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# measure NAME TARGET_S TARGET_MIB RUNS PREP CMD: PREP runs untimed before
# each timed CMD, with $RUN the run's number (@RUN@ in CMD); prints a
# table row.
measure() {
  local name=$1 target_s=$2 target_mib=$3 runs=$4 prep=$5 cmd=$6 secs=() kibs=() i out
  log "measuring: $name"
  for ((i = 1; i <= runs; i++)); do
    RUN=$i eval "$prep"
    out=$(run_timed "${cmd//@RUN@/$i}")
    secs+=("${out% *}")
    kibs+=("${out#* }")
  done
  local s m ok
  s=$(printf '%s\n' "${secs[@]}" | median)
  m=$(printf '%s\n' "${kibs[@]}" | median | awk '{ printf "%d", $1 / 1024 }')
  ok=met
  if [ "$target_s" != - ] && awk -v s="$s" -v t="$target_s" 'BEGIN { exit !(s > t) }'; then ok="NOT met"; fi
  if [ "$target_mib" != - ] && [ "$m" -gt "$target_mib" ]; then ok="NOT met"; fi
  [ "$target_s" = - ] && [ "$target_mib" = - ] && ok="-"
  local target="≤ $target_s s"
  [ "$target_s" = - ] && target="-"
  [ "$target_mib" != - ] && target="$target, ≤ $target_mib MiB"
  printf '| %s | %s s | %s MiB | %s | %s | %s |\n' "$name" "$s" "$m" "$target" "$ok" "$(printf '%s ' "${secs[@]}")"
}

# touch_note DIR ID N: changes one participant's first note, so there is
# something to submit.
touch_note() { sed -i "0,/note: \".*\"/s//note: \"bench run $3 $RANDOM\"/" "$1/responses/$2.yaml"; }

# one_more_commit DIR: status once (so its caches are as a lead's would be),
# then one participant submits.
one_more_commit() {
  local id
  id=$(first_id "$1")
  "$SM" -C "$1" status >/dev/null
  touch_note "$1" "$id" "x"
  "$SM" -C "$1" submit --as "$id" >/dev/null
}

first_id() { local f; f=$(ls "$1/responses" | head -1); echo "${f%.yaml}"; }

people_csv() {
  local n=$1 out=$2 roles=(associate-product-manager product-manager senior-product-manager lead-product-manager head-of-product)
  { echo "name,email,role"
    for ((i = 0; i < n; i++)); do echo "Person Number$i,person$i@example.org,${roles[i % 5]}"; done; } >"$out"
}

header() {
  echo
  echo "| work | median wall | median peak RSS | target | | runs (s) |"
  echo "|---|---|---|---|---|---|"
}

BIG="$WORK/w10000"
log "workspace: $WORK"
echo "## skillmap benchmark"
echo
echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(go version | cut -d' ' -f3), skillmap $(git rev-parse --short HEAD 2>/dev/null || echo '?'), load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $RUNS runs a row (demo: $DEMO_RUNS)"

# Servers started for the remotes table, stopped on exit.
PIDS=()
stop_servers() {
  local p
  [ ${#PIDS[@]} = 0 ] && return
  log "stopping the servers: ${PIDS[*]}"
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
}
trap stop_servers EXIT

# wait_file FILE: waits (up to a minute) for a server to write FILE.
wait_file() { local i; for ((i = 0; i < 600; i++)); do [ -s "$1" ] && return 0; sleep 0.1; done; log "no $1"; exit 1; }

# submit_batch PROTO URL: 20 participants of the 40-person workshop at URL
# submit one change each, one after another, then all at once.
submit_batch() {
  local proto=$1 url=$2 i d ids seq conc before after
  mapfile -t ids < <(ls "$WORK/small/responses" | head -20 | sed 's/\.yaml$//')
  for ((i = 0; i < 20; i++)); do
    d="$WORK/sub-$proto-$i"
    rm -rf "$d" && "$SM" join "$url" "$d" >/dev/null
  done
  before=$(git -C "$WORK/srv/small.git" rev-list --count main)
  seq="" conc=""
  for ((i = 0; i < 20; i++)); do
    touch_note "$WORK/sub-$proto-$i" "${ids[i]}" "seq$i"
    seq+="'$SM' -C '$WORK/sub-$proto-$i' submit --as '${ids[i]}' && "
    conc+="'$SM' -C '$WORK/sub-$proto-$i' submit --as '${ids[i]}' & "
  done
  measure "20 submits over $proto, one after another" - - 1 '' "bash -c \"${seq}true\""
  for ((i = 0; i < 20; i++)); do touch_note "$WORK/sub-$proto-$i" "${ids[i]}" "conc$i"; done
  measure "20 submits over $proto at once (the whole batch)" - - 1 '' "bash -c \"${conc}wait\""
  after=$(git -C "$WORK/srv/small.git" rev-list --count main)
  [ $((after - before)) = 40 ] || { log "the remote got $((after - before)) commits of 40"; exit 1; }
}

remote_table() {
  [ -d "$BIG" ] || "$SM" demo "$BIG" --participants 10000 --seed 1 >/dev/null
  local srv="$WORK/srv" port url_http url_ssh gitclone target
  rm -rf "$srv" "$WORK/w40s" && mkdir -p "$srv" "$WORK/ssh"
  [ "$REMOTE" = submits ] || git clone -q --bare --no-local "$BIG" "$srv/big.git"
  rm -rf "$WORK/small" && "$SM" demo "$WORK/small" >/dev/null
  git clone -q --bare --no-local "$WORK/small" "$srv/small.git"
  git -C "$srv/small.git" config receive.denyCurrentBranch ignore
  git -C "$srv/small.git" config http.receivepack true
  port=$((20000 + RANDOM % 20000))
  "$(git --exec-path)/git-daemon" --reuseaddr --base-path="$srv" --export-all --enable=receive-pack \
    --listen=127.0.0.1 --port="$port" --pid-file="$WORK/daemon.pid" --detach
  wait_file "$WORK/daemon.pid" && PIDS+=("$(cat "$WORK/daemon.pid")")
  go build -o "$WORK/githttp" ./scripts/githttp
  rm -f "$WORK/http.url" "$WORK/ssh/url"
  "$WORK/githttp" -root "$srv" -url-file "$WORK/http.url" 2>/dev/null &
  PIDS+=($!)
  go test -c -o "$WORK/gittest.test" ./internal/gittest
  SKILLMAP_SERVE_SSH="$srv" SKILLMAP_SERVE_SSH_OUT="$WORK/ssh" \
    "$WORK/gittest.test" -test.run '^TestServeSSH$' -test.timeout 0 >/dev/null 2>&1 &
  PIDS+=($!)
  wait_file "$WORK/http.url" && wait_file "$WORK/ssh/url"
  url_http=$(cat "$WORK/http.url") url_ssh=$(cat "$WORK/ssh/url")
  export SKILLMAP_SSH_KEY="$WORK/ssh/id_ed25519" SSH_KNOWN_HOSTS="$WORK/ssh/known_hosts"

  echo
  echo "### Remotes"
  echo
  [ "$REMOTE" = submits ] || echo "The 10,000-participant workshop ($(git -C "$BIG" rev-list --count HEAD) commits, a $(du -sh "$srv/big.git/objects/pack" | cut -f1) pack) served on loopback by git daemon and by git http-backend; the 40-person demo served the same ways and over SSH for the submits. \`report --from\` reads the state at HEAD and writes the workbook and JSON. The \`join\` target is 1.5 × the median \`git clone\` of the same server, measured just before it."
  header
  local protos=(git http)
  [ "$REMOTE" = submits ] && protos=()
  for proto in "${protos[@]}"; do
    local url="git://127.0.0.1:$port"
    [ "$proto" = http ] && url=$url_http
    measure "\`git clone --depth 1\` over $proto (for comparison)" - - "$REMOTE_RUNS" '' "git clone -q --depth 1 '$url/big.git' '$WORK/shallow-$proto-@RUN@'"
    measure "\`report --from\` over $proto, 10,000 participants" 3 500 "$REMOTE_RUNS" '' \
      "'$SM' report --from '$url/big.git' --json -o '$WORK/from.xlsx'"
    gitclone=$(measure "\`git clone\` over $proto (for comparison)" - - "$REMOTE_RUNS" '' "git clone -q '$url/big.git' '$WORK/gitclone-$proto-@RUN@'")
    echo "$gitclone"
    target=$(echo "$gitclone" | awk -F'|' '{ gsub(/[ s]/, "", $3); printf "%.1f", $3 * 1.5 }')
    measure "\`join\` over $proto, 10,000 participants" "$target" - "$REMOTE_RUNS" '' "'$SM' join '$url/big.git' '$WORK/join-$proto-@RUN@'"
    rm -rf "$WORK"/shallow-* "$WORK"/gitclone-* "$WORK"/join-*
  done
  submit_batch ssh "$url_ssh/small.git"
  submit_batch http "$url_http/small.git"
  (cd "$srv/small.git" && git fsck --strict --no-dangling >/dev/null 2>&1) &&
    echo && echo "After the submits the served 40-person workshop passes \`git fsck --strict\`, with every one of the 80 submissions."
}

if [ "$REMOTE" = only ] || [ "$REMOTE" = submits ]; then
  remote_table
  echo
  echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg). Repositories in $WORK."
  exit 0
fi

# Nothing is deleted while measuring: ext4 is slow to create files where
# thousands were just deleted (it skips recently freed inodes), which would
# measure the benchmark rather than skillmap. Each run gets a new folder.
header
people_csv 10000 "$WORK/people.csv"
measure "\`add --from people.csv\`: 10,000 people, one commit" 5 - "$RUNS" \
  '"$SM" init "$WORK/add$RUN" --title Bench --facilitator "Ana Ruiz <ana@example.org>" >/dev/null' \
  "'$SM' -C '$WORK/add@RUN@' add --from '$WORK/people.csv'"
measure "\`demo --participants 10000\` (builds the repository below)" 60 - "$DEMO_RUNS" \
  '' "'$SM' demo '$BIG.@RUN@' --participants 10000 --seed 1"
mv "$BIG.$DEMO_RUNS" "$BIG"
ID=$(first_id "$BIG")
commits=$(git -C "$BIG" rev-list --count HEAD)
measure "\`report\`, workbook and JSON, 10,000 participants × 30 activities (no cache)" 1.5 400 "$RUNS" \
  'rm -rf "$BIG/.git/skillmap"' "'$SM' -C '$BIG' report --json -o '$WORK/report.xlsx'"
measure "the same, with the parse cache of the run before" 1.5 400 "$RUNS" \
  '' "'$SM' -C '$BIG' report --json -o '$WORK/report.xlsx'"
if [[ $("$SM" report --help) == *--compare* ]]; then
  measure "\`report --compare HEAD~2000\`: two states of the repository (no cache)" 2 - "$RUNS" \
    'rm -rf "$BIG/.git/skillmap"' "'$SM' -C '$BIG' report --json -o '$WORK/report.xlsx' --compare HEAD~2000"
else
  measure "\`report\` at HEAD then \`report --at HEAD~2000\`: two states, as \`report --compare\` will read them (no cache)" 2 - "$RUNS" \
    'rm -rf "$BIG/.git/skillmap"' "bash -c \"'$SM' -C '$BIG' report --json >/dev/null && '$SM' -C '$BIG' report --json --at HEAD~2000\""
fi
measure "\`submit\` one participant (commit, no push)" 0.15 - "$RUNS" \
  'touch_note "$BIG" "$ID" "$RUN"' "'$SM' -C '$BIG' submit --as '$ID'"
measure "\`status\`, first run ($commits commits, no cache)" 5 - "$RUNS" \
  'rm -rf "$BIG/.git/skillmap"' "'$SM' -C '$BIG' status"
measure "\`status\` again after one more commit" 0.5 - "$RUNS" \
  'one_more_commit "$BIG"' "'$SM' -C '$BIG' status"
if "$SM" audit --help >/dev/null 2>&1; then
  measure "\`audit\`, first run (no cache)" 5 - "$RUNS" \
    'rm -rf "$BIG/.git/skillmap"' "'$SM' -C '$BIG' audit"
  measure "\`audit\` again after one more commit" 0.5 - "$RUNS" \
    'one_more_commit "$BIG"; "$SM" -C "$BIG" audit >/dev/null; one_more_commit "$BIG"' "'$SM' -C '$BIG' audit"
fi
rm -rf "$WORK/w40" && "$SM" demo "$WORK/w40" >/dev/null
measure "\`report\` of the 40-person demo (must stay well under a second)" 0.3 - "$RUNS" \
  'rm -rf "$WORK/w40/.git/skillmap"' "'$SM' -C '$WORK/w40' report --json -o '$WORK/r40.xlsx'"
(cd "$BIG" && git fsck --strict --no-dangling >/dev/null 2>&1 && [ -z "$(git status --porcelain)" ]) &&
  echo && echo "The 10,000-participant repository passes \`git fsck --strict\` and \`git status\` is clean; its .git takes $(du -sh "$BIG/.git" | cut -f1)."

if [ -z "$QUICK" ]; then
  echo
  echo "### How cost grows with participants (one commit each)"
  header
  for n in 100 1000 10000; do
    d="$WORK/w$n"
    if [ "$n" != 10000 ]; then
      measure "\`demo --participants $n\`" - - 1 'rm -rf "$d"' "'$SM' demo '$d' --participants $n --seed 1"
    fi
    measure "\`report\`, $n participants (no cache)" - - "$RUNS" 'rm -rf "$d/.git/skillmap"' "'$SM' -C '$d' report --json -o '$WORK/r.xlsx'"
    measure "\`status\`, $n participants, first run" - - "$RUNS" 'rm -rf "$d/.git/skillmap"' "'$SM' -C '$d' status"
    measure "\`status\`, $n participants, after one more commit" - - "$RUNS" 'one_more_commit "$d"' "'$SM' -C '$d' status"
  done

  echo
  echo "### How cost grows with history (1,000 participants)"
  echo
  echo "The 1,000-participant demo (about 1,000 commits), then 9,000 more commits made with \`git fast-import\`, each switching one participant's file between two versions."
  header
  d="$WORK/w1000"
  measure "\`status\`, $(git -C "$d" rev-list --count HEAD) commits, first run" - - "$RUNS" 'rm -rf "$d/.git/skillmap"' "'$SM' -C '$d' status"
  h="$WORK/h10000"
  rm -rf "$h" && git clone -q "$d" "$h"
  (
    cd "$h"
    scaffold=$(git rev-list --reverse HEAD | sed -n 2p)
    paste <(git ls-tree "$scaffold" responses/ | awk '{ print $3, $4 }') <(git ls-tree HEAD responses/ | awk '{ print $3 }') |
      awk -v head="$(git rev-parse HEAD)" -v total=9000 '
        { path[NR] = $2; a[NR] = $1; b[NR] = $3 }
        END {
          for (i = 1; i <= total; i++) {
            k = (i - 1) % NR + 1; t = 1800000000 + i * 60
            msg = "Submit " i
            printf "commit refs/heads/main\nauthor P%d <p%d@example.org> %d +0000\ncommitter P%d <p%d@example.org> %d +0000\ndata %d\n%s\n", k, k, t, k, k, t, length(msg), msg
            if (i == 1) printf "from %s\n", head
            flip[k] = !flip[k]
            printf "M 100644 %s %s\n\n", (flip[k] ? a[k] : b[k]), path[k]
          }
        }' | git fast-import --quiet
    git reset -q --hard main
  )
  measure "\`status\`, $(git -C "$h" rev-list --count HEAD) commits, first run" - - "$RUNS" 'rm -rf "$h/.git/skillmap"' "'$SM' -C '$h' status"
  measure "\`status\`, $(git -C "$h" rev-list --count HEAD) commits, after one more commit" - - "$RUNS" 'one_more_commit "$h"' "'$SM' -C '$h' status"
fi

if [ "$REMOTE" != 0 ]; then
  remote_table
fi

echo
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg). Repositories in $WORK."
rm -rf "$WORK"/add* "$BIG".*
