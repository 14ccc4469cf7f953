#!/usr/bin/env bash
# Ctrl-C while `kisoku eval --native-cache` compiles the rules: the tool stops at once, as Ctrl-C
# stops a command, and the compiler is stopped with every process it started (it runs in a process
# group of its own, which the terminal's Ctrl-C does not reach). The "compiler" here starts a
# process that would write `late` after 3 s, and waits for it.
#   run_interrupt.sh KISOKU RULES APPLICATION WORK_DIR
set -euo pipefail
kisoku=$1 rules=$2 application=$3 work=$4
rm -rf "$work"
mkdir -p "$work"
cat > "$work/slow-compiler.sh" <<EOF
#!/bin/sh
echo started > '$work/started'
(sleep 3; echo late > '$work/late') &
wait
EOF
chmod +x "$work/slow-compiler.sh"
# Job control, so that the background command does not start with SIGINT ignored.
set -m
CXX="$work/slow-compiler.sh" "$kisoku" eval --native-cache "$work/cache" "$rules" "$application" >"$work/out" 2>"$work/err" &
pid=$!
for _ in $(seq 100); do
  [ -f "$work/started" ] && break
  sleep 0.1
done
[ -f "$work/started" ] || { echo "the compiler never started"; cat "$work/err"; exit 1; }
started=$SECONDS
kill -INT "$pid"
status=0
wait "$pid" || status=$?
if [ "$status" -ne 130 ]; then
  echo "exit status $status, not 130 (stopped by SIGINT)"
  cat "$work/err"
  exit 1
fi
if [ $((SECONDS - started)) -ge 3 ]; then
  echo "the tool took $((SECONDS - started)) s to stop"
  exit 1
fi
if [ -s "$work/out" ]; then
  echo "a decision was written after Ctrl-C"
  exit 1
fi
sleep 3.5
if [ -f "$work/late" ]; then
  echo "a process the compiler started ran on after Ctrl-C"
  exit 1
fi
if ls "$work/cache" | grep -q '\.so$'; then
  echo "a library was left in the cache"
  exit 1
fi
echo "stopped by Ctrl-C, with the compiler and what it started"
