# Shared helpers for tools/neo4j/{start,stop,import}; sourced, not run.
# Paths are resolved from this file's location, never from the caller's cwd.

NEO4J_TOOL_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
NEO4J_TARGET="$NEO4J_TOOL_DIR/target"
NEO4J_CP="$NEO4J_TARGET/watchgraph-neo4j.jar:$NEO4J_TARGET/lib/*"
NEO4J_STAMP="$NEO4J_TARGET/.build-ok"
# Class-data-sharing archive of a server startup, recorded after each build
# (cuts JVM startup by a few seconds); NEO4J_CDS=0 disables it.
NEO4J_CDS_ARCHIVE="$NEO4J_TARGET/neo4j-server.jsa"

if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
  NEO4J_JAVA="$JAVA_HOME/bin/java"
else
  NEO4J_JAVA="java"
fi

# JVM flags Neo4j 5 expects on Java 17 (its own launcher adds the same --add-opens).
NEO4J_JVM_FLAGS=(
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  -Dio.netty.tryReflectionSetAccessible=true
  -Djdk.nio.maxCachedBufferSize=1024
  -Dfile.encoding=UTF-8
  -XX:+UseG1GC
  -XX:-OmitStackTraceInFastThrow
  -XX:+ExitOnOutOfMemoryError
)

# Build target/classes + target/lib (all jars from Maven Central) unless up to date.
# Idempotent and safe to call concurrently (flock).
neo4j_build() {
  mkdir -p "$NEO4J_TARGET"
  exec 9>"$NEO4J_TARGET/.build.lock"
  flock 9
  local stale="" pom_changed=""
  if [[ ! -f "$NEO4J_STAMP" ]]; then
    stale=yes pom_changed=yes
  elif [[ "$NEO4J_TOOL_DIR/pom.xml" -nt "$NEO4J_STAMP" ]]; then
    stale=yes pom_changed=yes
  elif [[ -n "$(find "$NEO4J_TOOL_DIR/src" -newer "$NEO4J_STAMP" -print -quit)" ]]; then
    stale=yes
  fi
  if [[ -n "$stale" ]]; then
    command -v mvn >/dev/null || { echo "neo4j: Maven (mvn) is required to build tools/neo4j" >&2; flock -u 9; return 1; }
    echo "neo4j: building tools/neo4j (Maven, quiet) ..." >&2
    rm -f "$NEO4J_STAMP"
    # no stale jars on the classpath after a version bump
    [[ -z "$pom_changed" ]] || rm -rf "$NEO4J_TARGET/lib"
    rm -f "$NEO4J_CDS_ARCHIVE"
    if ! mvn -q -B -Dstyle.color=never -f "$NEO4J_TOOL_DIR/pom.xml" package >"$NEO4J_TARGET/build.log" 2>&1; then
      echo "neo4j: Maven build failed; tail of $NEO4J_TARGET/build.log:" >&2
      tail -n 40 "$NEO4J_TARGET/build.log" >&2
      flock -u 9
      return 1
    fi
    neo4j_record_cds
    touch "$NEO4J_STAMP"
  fi
  flock -u 9
  exec 9>&-
}

# Start a throw-away server once (random port, scratch data) with -XX:ArchiveClassesAtExit.
# Failure only costs speed: start runs without the archive.
neo4j_record_cds() {
  [[ "${NEO4J_CDS:-1}" != 0 ]] || return 0
  local tmp="$NEO4J_TARGET/cds-training"
  rm -rf "$tmp" "$NEO4J_CDS_ARCHIVE.tmp"
  if "$NEO4J_JAVA" -Xms512m -Xmx1g "${NEO4J_JVM_FLAGS[@]}" -XX:ArchiveClassesAtExit="$NEO4J_CDS_ARCHIVE.tmp" \
       -cp "$NEO4J_CP" watchgraph.neo4j.Server 0 --data "$tmp/data" --work "$tmp/run" --exit-when-ready \
       </dev/null >"$NEO4J_TARGET/cds.log" 2>&1 && [[ -s "$NEO4J_CDS_ARCHIVE.tmp" ]]; then
    mv "$NEO4J_CDS_ARCHIVE.tmp" "$NEO4J_CDS_ARCHIVE"
  else
    echo "neo4j: note: could not record the CDS archive (see $NEO4J_TARGET/cds.log); continuing without it" >&2
    rm -f "$NEO4J_CDS_ARCHIVE.tmp"
  fi
  rm -rf "$tmp"
}

# JVM flag to use the CDS archive, if there is one
neo4j_cds_flags() {
  if [[ "${NEO4J_CDS:-1}" != 0 && -s "$NEO4J_CDS_ARCHIVE" ]]; then
    echo "-XX:SharedArchiveFile=$NEO4J_CDS_ARCHIVE"
  fi
}

# true if PID is alive and is one of our launchers
neo4j_is_ours() {
  local pid="$1"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null &&
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'watchgraph.neo4j.Server'
}

# true if something accepts TCP connections on 127.0.0.1:PORT
neo4j_port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
