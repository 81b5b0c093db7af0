#!/usr/bin/env bash
# EntityNotifier quickstart: a single-node Kafka broker (KRaft) and a distributed Connect worker with exactly-once
# source support, run as separate processes from Maven Central jars, with our plugins on the worker's plugin.path.
# Streams a demo table (SQLite by default, or your own PostgreSQL or MySQL) and prints the change events, read
# read_committed. Everything lives in .quickstart/ next to this script; `./quickstart.sh stop` stops exactly the
# processes it started.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# All state (Kafka jars, data, logs, pids); QUICKSTART_HOME moves it, e.g. for a second stack or a test.
QS="${QUICKSTART_HOME:-$ROOT/.quickstart}"
LIB="$QS/lib"
PLUGINS="$QS/plugins"
CONF="$QS/config"
DATA="$QS/data"
LOGS="$QS/logs"
RUN="$QS/run"
BUILT_PLUGINS="$ROOT/packaging/target/plugins"
KAFKA_VERSION="4.3.1"
KAFKA_PORT="${KAFKA_PORT:-9092}"
CONTROLLER_PORT="${CONTROLLER_PORT:-9093}"
CONNECT_PORT="${CONNECT_PORT:-8083}"
# stop, status, events and sql talk to the stack on the ports it was started with.
if [[ "${1:-start}" != start && "${1:-}" != --* && -f "$QS/run/ports" ]]; then
  # shellcheck source=/dev/null
  source "$QS/run/ports"
fi
CONNECT_URL="http://localhost:$CONNECT_PORT"
PLUGIN_NAMES=(entitynotifier-connect-sqlite entitynotifier-connect-postgres entitynotifier-connect-mysql
  entitynotifier-connect-oracle entitynotifier-connect-monitoring)

START_SECONDS=$SECONDS

usage() {
  cat <<EOF
Usage:
  ./quickstart.sh [start] [options]   build what is missing, start Kafka + Connect, stream a demo table, print events
  ./quickstart.sh stop                stop the broker and worker this script started
  ./quickstart.sh status              show what is running and the connector's status
  ./quickstart.sh events              print every change event so far (read_committed)
  ./quickstart.sh sql "<statement>"   run SQL against the demo database (SQLite demo only)

Options for start:
  --postgres HOST:PORT/DATABASE   stream from your PostgreSQL instead of the SQLite demo (needs wal_level=logical
                                  and a user with REPLICATION; creates table public.entitynotifier_demo_customers)
  --mysql HOST:PORT/DATABASE      stream from your MySQL/MariaDB instead (needs binlog_format=ROW; creates table
                                  DATABASE.entitynotifier_demo_customers)
  --user USER                     database user (PostgreSQL/MySQL)
  --password PASSWORD             database password (or set DB_PASSWORD)
  --rebuild                       rebuild the plugins even if they exist

Environment: KAFKA_PORT=$KAFKA_PORT CONTROLLER_PORT=$CONTROLLER_PORT CONNECT_PORT=$CONNECT_PORT (ports),
             QUICKSTART_HOME=$QS (state directory)
EOF
}

step() { printf '\n==> [%3ss] %s\n' "$((SECONDS - START_SECONDS))" "$*"; }
info() { printf '    %s\n' "$*"; }
# Set while this run has started processes and not finished: a failure then stops them, so a rerun starts clean.
STARTED_STACK=0
stop_started_stack() {
  if ((STARTED_STACK)); then
    STARTED_STACK=0
    stop_process connect >/dev/null
    stop_process kafka >/dev/null
    printf '(Stopped the broker and worker this run had started. Logs: %s)\n' "$LOGS" >&2
  fi
}
die() {
  printf '\nERROR: %s\n' "$*" >&2
  stop_started_stack
  exit 1
}
# Any other way out of a failed start (a command failing under set -e, Ctrl-C) cleans up the same way.
trap 'status=$?; if ((status != 0)); then stop_started_stack; fi' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- processes -----------------------------------------------------------------------------------------------------

# True when the pid in $RUN/<name>.pid is alive and is the java process we started (its command line names our
# config file), so a recycled pid never gets signalled.
our_pid() {
  local name="$1" pidfile="$RUN/$1.pid" pid
  [[ -f "$pidfile" ]] || return 1
  pid="$(cat "$pidfile")"
  [[ -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$CONF/" || return 1
  echo "$pid"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Calls the Connect REST API: prints the response body and succeeds on a 2xx status. Uses curl when it is installed,
# otherwise bash's /dev/tcp with HTTP/1.0 (so the response is never chunked): a fresh machine needs no curl.
# QUICKSTART_NO_CURL=1 forces the fallback.
rest() {
  local method="$1" path="$2" body="${3:-}" status response
  if [[ -z "${QUICKSTART_NO_CURL:-}" ]] && command -v curl >/dev/null 2>&1; then
    local args=(-s -X "$method" -w '\n%{http_code}')
    [[ -n "$body" ]] && args+=(-H 'Content-Type: application/json' --data-binary "@$body")
    response="$(curl "${args[@]}" "$CONNECT_URL$path")" || return 1
    status="${response##*$'\n'}"
    printf '%s' "${response%$'\n'*}"
  else
    { exec 3<>"/dev/tcp/127.0.0.1/$CONNECT_PORT"; } 2>/dev/null || return 1
    local length=0
    [[ -n "$body" ]] && length="$(wc -c <"$body")"
    {
      printf '%s %s HTTP/1.0\r\nHost: localhost:%s\r\nAccept: application/json\r\nContent-Type: application/json\r\nContent-Length: %s\r\n\r\n' \
        "$method" "$path" "$CONNECT_PORT" "$length"
      if [[ -n "$body" ]]; then cat "$body"; fi
    } >&3
    response="$(cat <&3)"
    exec 3<&-
    status="$(head -1 <<<"$response" | cut -d' ' -f2)"
    printf '%s' "${response#*$'\r\n\r\n'}"
  fi
  [[ "$status" == 2* ]]
}

stop_process() {
  local name="$1" pid
  if ! pid="$(our_pid "$name")"; then
    rm -f "$RUN/$name.pid"
    info "$name: not running"
    return 0
  fi
  info "$name: stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + 30))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS > deadline)); then
      info "$name: still running after 30 s, killing pid $pid"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
  rm -f "$RUN/$name.pid"
  info "$name: stopped"
}

cmd_stop() {
  step "Stopping the quickstart stack"
  if our_pid connect >/dev/null && [[ -f "$RUN/source" ]]; then
    local name
    name="quickstart-$(cat "$RUN/source")"
    if [[ "$(cat "$RUN/source")" == postgres ]]; then
      # Deleting the connector stops its task gracefully, which drops its replication slot (slot.drop.on.stop), so
      # no slot is left retaining WAL on your server.
      info "deleting connector $name (drops its replication slot on your PostgreSQL)"
      rest DELETE "/connectors/$name" >/dev/null || true
    fi
  fi
  stop_process connect
  stop_process kafka
  info "State is kept in $QS (delete it to free disk space)."
}

cmd_status() {
  local pid
  for name in kafka connect; do
    if pid="$(our_pid "$name")"; then info "$name: running (pid $pid)"; else info "$name: not running"; fi
  done
  if our_pid connect >/dev/null && [[ -f "$RUN/source" ]]; then
    rest GET "/connectors/quickstart-$(cat "$RUN/source")/status" || true
    echo
  fi
}

# --- checks --------------------------------------------------------------------------------------------------------

JAVA="java"
check_java() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then JAVA="$JAVA_HOME/bin/java"; fi
  command -v "$JAVA" >/dev/null 2>&1 || die "Java not found. Install Java 17 or later (Debian/Ubuntu: apt-get install openjdk-17-jdk-headless) or set JAVA_HOME."
  local version major
  version="$("$JAVA" -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')"
  major="${version%%.*}"
  [[ "$major" == 1 ]] && major="$(echo "$version" | cut -d. -f2)"
  [[ "$major" =~ ^[0-9]+$ ]] || die "Cannot tell the Java version from '$("$JAVA" -version 2>&1 | head -1)'."
  ((major >= 17)) || die "Java $version is too old: Kafka $KAFKA_VERSION needs Java 17 or later. Install it (apt-get install openjdk-17-jdk-headless) or point JAVA_HOME at it."
  info "Java $version ($JAVA)"
}

check_ports() {
  local running=()
  for name in kafka connect; do our_pid "$name" >/dev/null && running+=("$name"); done
  if ((${#running[@]} > 0)); then
    die "The quickstart stack is already running (${running[*]}). Run ./quickstart.sh stop first, or ./quickstart.sh status."
  fi
  local port var label
  for entry in "$KAFKA_PORT|KAFKA_PORT|Kafka broker" "$CONTROLLER_PORT|CONTROLLER_PORT|KRaft controller" \
               "$CONNECT_PORT|CONNECT_PORT|Connect REST API"; do
    IFS='|' read -r port var label <<<"$entry"
    if port_open "$port"; then
      die "Port $port (the $label) is in use by another process; see: ss -ltnp 'sport = :$port'. Stop that process or choose another port, e.g. $var=$((port + 10000)) ./quickstart.sh"
    fi
  done
  info "ports $KAFKA_PORT, $CONTROLLER_PORT and $CONNECT_PORT are free"
}

# --- build and runtime ---------------------------------------------------------------------------------------------

ensure_plugins() {
  local missing=0
  for p in "${PLUGIN_NAMES[@]}"; do [[ -d "$BUILT_PLUGINS/$p/lib" ]] || missing=1; done
  if ((missing == 0)) && [[ "$REBUILD" == 0 ]]; then
    info "plugins already built in packaging/target/plugins (use --rebuild to rebuild)"
    return
  fi
  command -v mvn >/dev/null 2>&1 || die "Maven (mvn) is needed to build the plugins. Install it (apt-get install maven)."
  step "Building the connector plugins (mvn package, tests skipped; a few minutes the first time)"
  (cd "$ROOT" && mvn -B -q -DskipTests package) >"$LOGS/build.log" 2>&1 \
    || { tail -30 "$LOGS/build.log" >&2; die "The build failed; the full log is $LOGS/build.log"; }
  for p in "${PLUGIN_NAMES[@]}"; do [[ -d "$BUILT_PLUGINS/$p/lib" ]] || die "The build did not produce $BUILT_PLUGINS/$p"; done
}

ensure_kafka() {
  if [[ -f "$LIB/kafka_2.13-$KAFKA_VERSION.jar" && -f "$LIB/connect-runtime-$KAFKA_VERSION.jar" ]]; then
    info "Kafka $KAFKA_VERSION jars already in $LIB"
    return
  fi
  command -v mvn >/dev/null 2>&1 || die "Maven (mvn) is needed to download Kafka $KAFKA_VERSION from Maven Central."
  step "Downloading Kafka $KAFKA_VERSION (broker, Connect, tools) from Maven Central into $LIB"
  mvn -B -q -f "$ROOT/packaging/quickstart/pom.xml" package -Dlib.dir="$LIB" >"$LOGS/kafka-download.log" 2>&1 \
    || { tail -30 "$LOGS/kafka-download.log" >&2; die "Could not fetch Kafka; the full log is $LOGS/kafka-download.log"; }
}

# --- demo database -------------------------------------------------------------------------------------------------

DEMO_CLASSES="$QS/demo-classes"
driver_jar() {
  case "$SOURCE" in
    sqlite) ls "$PLUGINS/entitynotifier-connect-sqlite/lib"/sqlite-jdbc-*.jar ;;
    postgres) ls "$PLUGINS/entitynotifier-connect-postgres/lib"/postgresql-*.jar ;;
    mysql) ls "$PLUGINS/entitynotifier-connect-mysql/lib"/mariadb-java-client-*.jar ;;
  esac
}

# Runs packaging/quickstart/DemoDatabase.java (compiled once) with the JDBC driver from the plugin directory.
demo_db() {
  local src="$ROOT/packaging/quickstart/DemoDatabase.java"
  if [[ ! -f "$DEMO_CLASSES/DemoDatabase.class" || "$src" -nt "$DEMO_CLASSES/DemoDatabase.class" ]]; then
    mkdir -p "$DEMO_CLASSES"
    "${JAVA%java}javac" -d "$DEMO_CLASSES" "$src" 2>/dev/null || true # no javac (a JRE): launch the source file below
  fi
  if [[ -f "$DEMO_CLASSES/DemoDatabase.class" ]]; then
    "$JAVA" -cp "$DEMO_CLASSES:$(driver_jar)" DemoDatabase "$SOURCE" "$JDBC_URL" "$DB_USER" "$DB_PASSWORD" "$@"
  else
    "$JAVA" -cp "$(driver_jar)" "$src" "$SOURCE" "$JDBC_URL" "$DB_USER" "$DB_PASSWORD" "$@"
  fi
}

# host:port/database -> DB_HOST DB_PORT DB_NAME
parse_address() {
  local addr="$1" default_port="$2"
  [[ "$addr" =~ ^([^:/]+)(:([0-9]+))?/([^/]+)$ ]] || die "Expected HOST:PORT/DATABASE, got '$addr'."
  DB_HOST="${BASH_REMATCH[1]}"
  DB_PORT="${BASH_REMATCH[3]:-$default_port}"
  DB_NAME="${BASH_REMATCH[4]}"
}

# A value as the inside of a JSON string: backslashes and double quotes escaped.
json_escape() {
  local v="${1//\\/\\\\}"
  printf '%s' "${v//\"/\\\"}"
}

connector_json() {
  local user password
  user="$(json_escape "$DB_USER")"
  password="$(json_escape "$DB_PASSWORD")"
  local common='"tasks.max": "1", "topic.prefix": "quickstart",
    "exactly.once.support": "required", "transaction.boundary": "connector",
    "key.converter": "org.apache.kafka.connect.json.JsonConverter", "key.converter.schemas.enable": "false",
    "value.converter": "org.apache.kafka.connect.json.JsonConverter", "value.converter.schemas.enable": "false"'
  case "$SOURCE" in
    sqlite) cat <<EOF
{"name": "$CONNECTOR", "config": {
    "connector.class": "io.entitynotifier.connect.sqlite.SqliteSourceConnector",
    "database.path": "$QS/demo.db", "table.include.list": "main\\\\.customers", "poll.interval.ms": "200",
    $common}}
EOF
    ;;
    postgres) cat <<EOF
{"name": "$CONNECTOR", "config": {
    "connector.class": "io.entitynotifier.connect.postgres.PostgresSourceConnector",
    "database.hostname": "$DB_HOST", "database.port": "$DB_PORT", "database.dbname": "$DB_NAME",
    "database.user": "$user", "database.password": "$password",
    "table.include.list": "public\\\\.entitynotifier_demo_customers",
    "slot.name": "entitynotifier_quickstart", "slot.drop.on.stop": "true",
    "publication.name": "entitynotifier_quickstart", "publication.autocreate.mode": "filtered",
    $common}}
EOF
    ;;
    mysql) cat <<EOF
{"name": "$CONNECTOR", "config": {
    "connector.class": "io.entitynotifier.connect.mysql.MySqlSourceConnector",
    "database.hostname": "$DB_HOST", "database.port": "$DB_PORT",
    "database.user": "$user", "database.password": "$password", "database.server.id": "5400",
    "database.include.list": "$DB_NAME", "table.include.list": "$DB_NAME\\\\.entitynotifier_demo_customers",
    $common}}
EOF
    ;;
  esac
}

# --- configuration files -------------------------------------------------------------------------------------------

write_configs() {
  mkdir -p "$CONF"
  cat >"$CONF/server.properties" <<EOF
# Single-node KRaft broker and controller. Replication factors of 1 because there is one broker.
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=localhost:$CONTROLLER_PORT
listeners=PLAINTEXT://localhost:$KAFKA_PORT,CONTROLLER://localhost:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://localhost:$KAFKA_PORT,CONTROLLER://localhost:$CONTROLLER_PORT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$DATA/kafka
num.partitions=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
EOF
  cat >"$CONF/connect-distributed.properties" <<EOF
bootstrap.servers=localhost:$KAFKA_PORT
group.id=entitynotifier-quickstart
listeners=http://localhost:$CONNECT_PORT
plugin.path=$PLUGINS
# Only plugins with ServiceLoader manifests (ours have them): starts in seconds instead of scanning every jar.
plugin.discovery=service_load
# Exactly-once: source tasks write records and offsets in one Kafka transaction.
exactly.once.source.support=enabled
# A task killed with an open transaction blocks its successor until the transaction times out (default 60 s).
producer.transaction.timeout.ms=10000
# /cdc/metrics (Prometheus) and /cdc/dashboard on this REST port, from the entitynotifier-connect-monitoring plugin.
rest.extension.classes=io.entitynotifier.connect.monitoring.CdcMonitoringRestExtension
key.converter=org.apache.kafka.connect.json.JsonConverter
value.converter=org.apache.kafka.connect.json.JsonConverter
config.storage.topic=connect-configs
offset.storage.topic=connect-offsets
status.storage.topic=connect-status
config.storage.replication.factor=1
offset.storage.replication.factor=1
status.storage.replication.factor=1
offset.flush.interval.ms=1000
EOF
  cat >"$CONF/log4j2.properties" <<EOF
status = warn
appender.console.type = Console
appender.console.name = STDOUT
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.stdout.ref = STDOUT
logger.kafka.name = kafka
logger.kafka.level = WARN
logger.kafkaorg.name = org.apache.kafka
logger.kafkaorg.level = WARN
logger.connect.name = org.apache.kafka.connect.runtime.Worker
logger.connect.level = INFO
logger.en.name = io.entitynotifier
logger.en.level = INFO
EOF
  cat >"$CONF/tools-log4j2.properties" <<EOF
status = error
appender.console.type = Console
appender.console.name = STDERR
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %p %m%n
rootLogger.level = ERROR
rootLogger.appenderRef.stderr.ref = STDERR
EOF
}

start_java() {
  local name="$1" heap="$2"
  shift 2
  nohup "$JAVA" "$heap" -Xms256m -Dlog4j2.configurationFile="$CONF/log4j2.properties" -cp "$LIB/*" "$@" \
    >"$LOGS/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN/$name.pid"
}

# Waits until $2 succeeds, failing early when the process dies; $3 seconds at most. Liveness is checked by pid
# only: right after the fork the process may not have exec'd java yet, so its command line is not ours yet.
await() {
  local name="$1" check="$2" timeout="$3" pid
  pid="$(cat "$RUN/$name.pid")"
  local deadline=$((SECONDS + timeout))
  until eval "$check"; do
    kill -0 "$pid" 2>/dev/null || { tail -25 "$LOGS/$name.log" >&2; die "$name exited during startup; the full log is $LOGS/$name.log"; }
    ((SECONDS < deadline)) || { tail -25 "$LOGS/$name.log" >&2; die "$name did not come up within $timeout s; see $LOGS/$name.log"; }
    sleep 0.2
  done
}

plugins_listed() {
  rest GET /connector-plugins 2>/dev/null | grep -q "io.entitynotifier.connect.sqlite.SqliteSourceConnector"
}

# Prints the state of the connector's first task (RUNNING, FAILED, ...), empty while it has none yet.
task_state() {
  rest GET "/connectors/$CONNECTOR/status" 2>/dev/null | sed -n 's/.*"tasks":\[\([^]]*\).*/\1/p' \
    | grep -o '"state":"[A-Z]*"' | head -1 | cut -d'"' -f4 || true
}

# The failed task's stack trace, first lines.
task_trace() {
  rest GET "/connectors/$CONNECTOR/status" 2>/dev/null | grep -o '"trace":"[^"]*' | head -1 \
    | cut -d'"' -f4 | sed 's/\\n/\n/g; s/\\t/  /g' | head -15 || true
}

# --- events --------------------------------------------------------------------------------------------------------

topic() {
  case "$SOURCE" in
    sqlite) echo "quickstart.main.customers" ;;
    postgres) echo "quickstart.public.entitynotifier_demo_customers" ;;
    mysql) echo "quickstart.$DB_NAME.entitynotifier_demo_customers" ;;
  esac
}

# Reads the demo topic from the beginning with isolation.level=read_committed: only committed Kafka transactions.
# Partition 0 is assigned directly (the broker creates topics with one partition): a group subscription to a topic
# that does not exist yet may wait many seconds before it notices the topic.
consume() {
  local max="$1" timeout_ms="$2"
  "$JAVA" -Dlog4j2.configurationFile="$CONF/tools-log4j2.properties" -cp "$LIB/*" \
    org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server "localhost:$KAFKA_PORT" \
    --topic "$(topic)" --partition 0 --offset earliest --isolation-level read_committed \
    --formatter-property print.key=true --formatter-property key.separator=' ' \
    --max-messages "$max" --timeout-ms "$timeout_ms" 2>/dev/null || true
}

print_event() {
  local line="$1" key value
  key="${line%% *}"
  value="${line#* }"
  if [[ "$value" == null ]]; then
    printf '    tombstone   key=%s\n' "$key"
  elif command -v jq >/dev/null 2>&1; then
    printf '    %s\n' "$(jq -r --arg key "$key" '"op=\(.op)  key=\($key)  before=\(.before|tojson)  after=\(.after|tojson)  source.snapshot=\(.source.snapshot)"' <<<"$value" 2>/dev/null || echo "$line")"
  else
    printf '    %s\n' "$line"
  fi
}

# --- start ---------------------------------------------------------------------------------------------------------

cmd_start() {
  step "Checking Java and ports"
  check_java
  check_ports
  mkdir -p "$LOGS" "$RUN"

  case "$SOURCE" in
    sqlite) JDBC_URL="jdbc:sqlite:$QS/demo.db" ;;
    postgres) JDBC_URL="jdbc:postgresql://$DB_HOST:$DB_PORT/$DB_NAME" ;;
    mysql) JDBC_URL="jdbc:mariadb://$DB_HOST:$DB_PORT/$DB_NAME?allowPublicKeyRetrieval=true" ;;
  esac
  if [[ "$SOURCE" != sqlite ]]; then
    [[ -n "$DB_USER" ]] || die "--user is required with --$SOURCE."
  fi

  step "Checking the build"
  ensure_plugins
  ensure_kafka
  rm -rf "$PLUGINS"
  mkdir -p "$PLUGINS"
  for p in "${PLUGIN_NAMES[@]}"; do cp -r "$BUILT_PLUGINS/$p" "$PLUGINS/"; done
  info "plugin.path=$PLUGINS: ${PLUGIN_NAMES[*]}"

  if [[ "$SOURCE" != sqlite ]]; then
    step "Checking that $SOURCE at $DB_HOST:$DB_PORT/$DB_NAME is reachable"
    demo_db check || die "The database is unreachable or refused the login (see above). Check host, port, database, --user and --password."
  fi

  step "Starting fresh: clearing the previous quickstart's Kafka data and demo database"
  rm -rf "$DATA" "$QS/demo.db" "$QS/demo.db-wal" "$QS/demo.db-shm"
  mkdir -p "$DATA"
  echo "$SOURCE" >"$RUN/source"
  printf 'KAFKA_PORT=%s\nCONTROLLER_PORT=%s\nCONNECT_PORT=%s\n' "$KAFKA_PORT" "$CONTROLLER_PORT" "$CONNECT_PORT" \
    >"$RUN/ports"
  write_configs
  # A cluster id is 16 random bytes in URL-safe base64 without padding (what StorageTool random-uuid prints).
  local cluster_id
  cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | cut -c1-22)"
  # A leading '-' would be read as an option by the storage tool.
  [[ "$cluster_id" == -* ]] && cluster_id="A${cluster_id:1}"
  "$JAVA" -Dlog4j2.configurationFile="$CONF/tools-log4j2.properties" -cp "$LIB/*" kafka.tools.StorageTool format \
    --standalone -t "$cluster_id" \
    -c "$CONF/server.properties" --ignore-formatted >"$LOGS/format.log" 2>&1 \
    || { cat "$LOGS/format.log" >&2; die "Formatting the KRaft storage failed."; }

  step "Starting the Kafka broker (KRaft, localhost:$KAFKA_PORT); log: $LOGS/kafka.log"
  STARTED_STACK=1
  start_java kafka -Xmx512m kafka.Kafka "$CONF/server.properties"
  await kafka "port_open $KAFKA_PORT" 60
  info "broker up (pid $(cat "$RUN/kafka.pid"))"

  step "Starting the Connect worker (exactly.once.source.support=enabled, $CONNECT_URL); log: $LOGS/connect.log"
  start_java connect -Xmx1g org.apache.kafka.connect.cli.ConnectDistributed "$CONF/connect-distributed.properties"
  await connect plugins_listed 120
  info "worker up (pid $(cat "$RUN/connect.pid")); its plugins:"
  rest GET /connector-plugins | grep -o '"class":"io.entitynotifier[^"]*","type":"[a-z]*","version":"[^"]*"' \
    | sed 's/^/      /'

  step "Creating the demo table with two rows"
  demo_db setup || die "Could not create the demo table (see above)."
  case "$SOURCE" in
    sqlite) info "$QS/demo.db: customers(id, name, email)" ;;
    *) info "table entitynotifier_demo_customers(id, name, email) in $DB_NAME" ;;
  esac

  step "Deploying connector $CONNECTOR (POST $CONNECT_URL/connectors)"
  (umask 077 && connector_json >"$RUN/connector.json") # it may hold a database password
  local posted=0
  rest POST /connectors "$RUN/connector.json" >"$RUN/post-response.json" && posted=1
  if ((posted == 0)); then
    # Connect's message lists the validation errors, one per line (JSON-escaped as \n).
    sed 's/.*"message":"\(.*\)"}$/\1/; s/\\n/\n/g; s/\\"/"/g' "$RUN/post-response.json" | sed 's/^/    /' >&2
    die "Connect refused the connector, for the reasons above. The connector config is $RUN/connector.json."
  fi
  local state="" deadline=$((SECONDS + 60))
  until [[ "$state" == RUNNING || "$state" == FAILED ]]; do
    ((SECONDS < deadline)) || die "The connector's task did not start within 60 s; see $LOGS/connect.log"
    sleep 0.2
    state="$(task_state)"
  done
  if [[ "$state" == FAILED ]]; then
    STARTED_STACK=0 # keep the stack up so the failure can be inspected
    task_trace >&2
    die "The connector's task failed (above; more in $LOGS/connect.log). The stack is still running: fix the cause, then ./quickstart.sh stop and start again."
  fi
  info "task RUNNING; the snapshot emits the two existing rows (op=r)"
  # The consumer below is assigned the topic's partition directly, so wait until the connector has written to it
  # (Connect's active-topics API) rather than let the consumer start on a topic that does not exist yet.
  deadline=$((SECONDS + 60))
  until rest GET "/connectors/$CONNECTOR/topics" 2>/dev/null | grep -q "\"$(topic)\""; do
    ((SECONDS < deadline)) || die "The connector wrote nothing to $(topic) within 60 s; see $LOGS/connect.log"
    sleep 0.2
  done

  step "Change events on topic $(topic), read with isolation.level=read_committed"
  info "(snapshot: 2 reads; then the script inserts id 3, updates id 2, deletes id 1: create, update, delete + tombstone)"
  local n=0 first=""
  while IFS= read -r line; do
    # Events are "<key JSON> <value JSON>"; anything else is the consumer talking (an error): show it, do not count it.
    [[ "$line" == \{* ]] || { printf '    (consumer) %s\n' "$line" >&2; continue; }
    [[ -z "$first" ]] && first=$((SECONDS - START_SECONDS))
    print_event "$line"
    n=$((n + 1))
    if ((n == 2)); then
      demo_db changes >"$LOGS/changes.log" 2>&1 || { cat "$LOGS/changes.log" >&2 || true; die "The demo changes failed."; }
    fi
  done < <(consume 6 60000)
  ((n == 6)) || die "Expected 6 change events, got $n within 60 s; see $LOGS/connect.log"
  info "first event printed ${first} s after the command started; all 6 after $((SECONDS - START_SECONDS)) s"

  STARTED_STACK=0 # started successfully: the stack stays up
  step "The stack is running. Try next:"
  case "$SOURCE" in
    sqlite) info "./quickstart.sh sql \"INSERT INTO customers VALUES (4, 'Dee', 'dee@example.com')\"   # make a change" ;;
    *) info "make changes to entitynotifier_demo_customers in $DB_NAME with your usual client" ;;
  esac
  info "./quickstart.sh events                                  # print all events so far"
  info "curl -s $CONNECT_URL/connectors/$CONNECTOR/status        # connector and task state"
  info "curl -s $CONNECT_URL/connector-plugins                   # installed plugins"
  info "$CONNECT_URL/cdc/dashboard  (browser) and $CONNECT_URL/cdc/metrics (Prometheus)   # monitoring"
  info "java -cp '$LIB/*' org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server localhost:$KAFKA_PORT \\"
  info "     --topic $(topic) --from-beginning --isolation-level read_committed   # follow the topic"
  info "logs: $LOGS    connector config: $RUN/connector.json"
  info "./quickstart.sh stop                                    # stop the broker and the worker"
}

cmd_events() {
  our_pid kafka >/dev/null || die "The broker is not running; start the stack with ./quickstart.sh"
  SOURCE="$(cat "$RUN/source")"
  [[ "$SOURCE" == mysql ]] && DB_NAME="$(grep -o '"database.include.list": "[^"]*"' "$RUN/connector.json" | cut -d'"' -f4)"
  check_java >/dev/null
  step "All events on $(topic) (read_committed)"
  while IFS= read -r line; do
    [[ "$line" == \{* ]] && print_event "$line"
  done < <(consume 100000 5000)
}

cmd_sql() {
  [[ $# -ge 1 ]] || die "usage: ./quickstart.sh sql \"<statement>\""
  [[ -f "$RUN/source" && "$(cat "$RUN/source")" == sqlite ]] || die "The sql command works on the SQLite demo only."
  check_java >/dev/null
  SOURCE=sqlite JDBC_URL="jdbc:sqlite:$QS/demo.db" DB_USER="" DB_PASSWORD=""
  demo_db sql "$1"
  info "done; ./quickstart.sh events shows the resulting events"
}

# --- main ----------------------------------------------------------------------------------------------------------

COMMAND="start"
if [[ $# -gt 0 && "$1" != --* ]]; then COMMAND="$1"; shift; fi
SOURCE="sqlite"
DB_USER=""
DB_PASSWORD="${DB_PASSWORD:-}"
DB_HOST="" DB_PORT="" DB_NAME=""
REBUILD=0
JDBC_URL=""
if [[ "$COMMAND" == start ]]; then
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --postgres) [[ $# -ge 2 ]] || die "--postgres needs HOST:PORT/DATABASE"; SOURCE=postgres; parse_address "$2" 5432; shift 2 ;;
      --mysql) [[ $# -ge 2 ]] || die "--mysql needs HOST:PORT/DATABASE"; SOURCE=mysql; parse_address "$2" 3306; shift 2 ;;
      --user) [[ $# -ge 2 ]] || die "--user needs a value"; DB_USER="$2"; shift 2 ;;
      --password) [[ $# -ge 2 ]] || die "--password needs a value"; DB_PASSWORD="$2"; shift 2 ;;
      --rebuild) REBUILD=1; shift ;;
      -h|--help) usage; exit 0 ;;
      *) usage >&2; die "Unknown option '$1'." ;;
    esac
  done
fi
CONNECTOR="quickstart-$SOURCE"

case "$COMMAND" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  events) cmd_events ;;
  sql) cmd_sql "$@" ;;
  help|-h|--help) usage ;;
  *) usage >&2; die "Unknown command '$COMMAND'." ;;
esac
