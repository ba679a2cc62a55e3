#!/usr/bin/env bash
# load-run.sh - wrk through ha-haproxy-compat and through haproxy 2.6, same haproxy.cfg,
# interleaved in one run, on loopback. Reports req/s, p50 and p99 per scenario and the ratios
# ours/haproxy from the same run.
#
# Layout (2 cores): two nginx backends, haproxy (nbthread 1) and ours (nbthread 1) all pinned to
# SRV_CPUS (default cpu0); wrk -t1 pinned to WRK_CPUS (default cpu1). Only one proxy is loaded
# at a time; scenarios alternate haproxy/ours for http then tcp, RUNS times.
#
# Usage: ha-haproxy-compat/bench/load-run.sh            (build first: mvn -pl samples/hactl -am package -DskipTests)
# Env: RUNS(3) DURATION(10s) WARMUP(5s) CONNS(50) SRV_CPUS(0) WRK_CPUS(1) BASE_PORT(22000)
#      HACTL_JAR(samples/hactl/target/hactl.jar) JAVA_OPTS OUT_DIR KEEP(0)
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-3}; DURATION=${DURATION:-10s}; WARMUP=${WARMUP:-5s}; CONNS=${CONNS:-50}
SRV_CPUS=${SRV_CPUS:-0}; WRK_CPUS=${WRK_CPUS:-1}; BASE_PORT=${BASE_PORT:-22000}
HACTL_JAR=${HACTL_JAR:-samples/hactl/target/hactl.jar}
JAVA_OPTS=${JAVA_OPTS:-"-Xms256m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=4"}
OUT_DIR=${OUT_DIR:-/tmp/load-run.$$}; KEEP=${KEEP:-0}
for b in nginx wrk taskset haproxy java; do command -v $b >/dev/null || { echo "missing $b" >&2; exit 1; }; done
[ -f "$HACTL_JAR" ] || { echo "missing $HACTL_JAR (mvn -pl samples/hactl -am package -DskipTests)" >&2; exit 1; }
mkdir -p "$OUT_DIR"; PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && wait "$p" 2>/dev/null || true; done
  [ "$KEEP" = 1 ] && echo "kept $OUT_DIR" || rm -rf "$OUT_DIR"; }
trap cleanup EXIT
B1=$((BASE_PORT+1)); B2=$((BASE_PORT+2))
for n in 1 2; do
  d="$OUT_DIR/nginx$n"; mkdir -p "$d/logs" "$d/tmp"; port=$((BASE_PORT+n))
  cat >"$d/nginx.conf" <<NG
daemon off; master_process off; worker_processes 1; pid $d/nginx.pid; error_log $d/logs/error.log warn;
events { worker_connections 4096; }
http { access_log off; client_body_temp_path $d/tmp/b; proxy_temp_path $d/tmp/p; fastcgi_temp_path $d/tmp/f;
  uwsgi_temp_path $d/tmp/u; scgi_temp_path $d/tmp/s; keepalive_requests 1000000; server_tokens off;
  server { listen 127.0.0.1:$port backlog=4096; location / { return 200 "$(head -c 64 /dev/zero | tr '\0' x)\n"; } } }
NG
  taskset -c "$SRV_CPUS" nginx -p "$d" -c "$d/nginx.conf" -e "$d/logs/error.log" & PIDS+=($!)
done
# one cfg for both proxies; ports and socket come from the environment
cat >"$OUT_DIR/haproxy.cfg" <<'CFG'
global
    nbthread 1
    maxconn 4096
    stats socket ${SOCK} mode 600 level admin
defaults
    mode http
    timeout connect 5s
    timeout client  30s
    timeout server  30s
    maxconn 4000
frontend fe_http
    bind 127.0.0.1:${HTTP_PORT}
    default_backend be_http
backend be_http
    balance roundrobin
    option httpchk GET /health
    server s1 127.0.0.1:${B1} check inter 2s rise 2 fall 3
    server s2 127.0.0.1:${B2} check inter 2s rise 2 fall 3
listen tcp_lb
    bind 127.0.0.1:${TCP_PORT}
    mode tcp
    balance roundrobin
    server s1 127.0.0.1:${B1} check inter 2s
    server s2 127.0.0.1:${B2} check inter 2s
CFG
wait_port() { for i in $(seq 1 200); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.05; done; echo "port $1 closed" >&2; return 1; }
wait_port $B1; wait_port $B2
HA_HTTP=$((BASE_PORT+10)); HA_TCP=$((BASE_PORT+11)); OU_HTTP=$((BASE_PORT+20)); OU_TCP=$((BASE_PORT+21))
SOCK="$OUT_DIR/ha.sock" HTTP_PORT=$HA_HTTP TCP_PORT=$HA_TCP B1=$B1 B2=$B2 \
  taskset -c "$SRV_CPUS" haproxy -db -f "$OUT_DIR/haproxy.cfg" >"$OUT_DIR/haproxy.log" 2>&1 & PIDS+=($!)
# shellcheck disable=SC2086
SOCK="$OUT_DIR/ours.sock" HTTP_PORT=$OU_HTTP TCP_PORT=$OU_TCP B1=$B1 B2=$B2 \
  taskset -c "$SRV_CPUS" java $JAVA_OPTS -jar "$HACTL_JAR" proxy -f "$OUT_DIR/haproxy.cfg" >"$OUT_DIR/ours.log" 2>&1 & PIDS+=($!)
for p in $HA_HTTP $HA_TCP $OU_HTTP $OU_TCP; do wait_port $p; done
sleep 1
to_us() { awk -v v="$1" 'BEGIN{n=v+0; if (v ~ /us$/) print n; else if (v ~ /ms$/) print n*1000; else if (v ~ /s$/) print n*1000000; else print n}'; }
RES="$OUT_DIR/results.csv"; echo "run,scenario,rps,p50_us,p99_us,errors" >"$RES"
echo "# $(haproxy -v | head -1); $(java -version 2>&1 | head -1); wrk -t1 -c$CONNS -d$DURATION on cpu $WRK_CPUS; servers+proxies on cpu $SRV_CPUS"
for run in $(seq 1 "$RUNS"); do
  for sc in haproxy-http ours-http haproxy-tcp ours-tcp; do
    case $sc in haproxy-http) p=$HA_HTTP;; ours-http) p=$OU_HTTP;; haproxy-tcp) p=$HA_TCP;; ours-tcp) p=$OU_TCP;; esac
    taskset -c "$WRK_CPUS" wrk -t1 -c"$CONNS" -d"$WARMUP" "http://127.0.0.1:$p/" >/dev/null
    raw="$OUT_DIR/wrk.$run.$sc.txt"
    taskset -c "$WRK_CPUS" wrk -t1 -c"$CONNS" -d"$DURATION" --latency "http://127.0.0.1:$p/" >"$raw"
    rps=$(awk '/^Requests\/sec/{print $2}' "$raw")
    p50=$(to_us "$(awk '$1=="50%"{print $2}' "$raw")"); p99=$(to_us "$(awk '$1=="99%"{print $2}' "$raw")")
    errs=$(awk '/Socket errors|Non-2xx/{s=s $0 ";"} END{print (s==""?"0":s)}' "$raw" | tr ',' ' ')
    echo "$run,$sc,$rps,$p50,$p99,$errs" >>"$RES"
    printf 'run %d %-13s %10.0f req/s  p50 %7.0fus  p99 %7.0fus  errors=%s\n' "$run" "$sc" "$rps" "$p50" "$p99" "$errs"
  done
done
echo
echo "medians over $RUNS runs and ratios ours/haproxy (req/s: higher is better; p99: lower is better)"
for mode in http tcp; do
  awk -F, -v m="$mode" '
    function med(a,n,  i,j,t){ for(i=2;i<=n;i++){t=a[i];for(j=i-1;j>=1&&a[j]>t;j--)a[j+1]=a[j];a[j+1]=t}
      return (n%2)?a[(n+1)/2]:(a[n/2]+a[n/2+1])/2 }
    $2=="haproxy-" m {h++; hr[h]=$3; h50[h]=$4; h99[h]=$5}
    $2=="ours-" m {o++; or_[o]=$3; o50[o]=$4; o99[o]=$5}
    END { a=med(hr,h); b=med(or_,o); c=med(h50,h); d=med(o50,o); e=med(h99,h); f=med(o99,o);
      printf "%-5s haproxy %8.0f req/s p50 %6.0fus p99 %6.0fus | ours %8.0f req/s p50 %6.0fus p99 %6.0fus | ratio req/s %.2f p50 %.2f p99 %.2f\n", m, a, c, e, b, d, f, b/a, d/c, f/e }' "$RES"
done
