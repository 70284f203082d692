# Sourced by ./j8s and ./test: finds a JDK 21 or newer and makes sure Maven is there.
# Sets JAVA_HOME and MAVEN_OPTS; prints a clear message and returns 1 when it cannot.

j8s_java_major() { # JAVA_BIN -> major version, or nothing
  "$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

j8s_find_jdk() {
  local candidates=() c major best="" best_major=0
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
  command -v java >/dev/null 2>&1 && candidates+=("$(readlink -f "$(command -v java)")")
  for c in /usr/lib/jvm/*/bin/java; do [ -x "$c" ] && candidates+=("$c"); done
  for c in "${candidates[@]}"; do
    [ -x "$c" ] && [ -x "$(dirname "$c")/javac" ] || continue
    major=$(j8s_java_major "$c")
    [ -n "$major" ] || continue
    if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="$(dirname "$(dirname "$c")")"; best_major=$major
    fi
  done
  if [ -z "$best" ]; then
    echo "j8s: no JDK 21 or newer found (looked at JAVA_HOME, java on PATH and /usr/lib/jvm/*)." >&2
    echo "j8s: install one, for example: apt-get install openjdk-21-jdk-headless (or Temurin 21+), then retry." >&2
    return 1
  fi
  export JAVA_HOME="$best"
  J8S_JAVA_MAJOR=$best_major
  # Maven's own libraries use sun.misc.Unsafe; quiet the JDK 24+ warnings about it.
  if [ "$best_major" -ge 24 ]; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
}

j8s_apt_install() { # PACKAGE... : installs Debian packages when we are root and apt is there
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "j8s: missing $*; install it (apt-get install $*) and retry." >&2
    return 1
  fi
  echo "j8s: installing $* with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq "$@" >/dev/null 2>&1 ||
    { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq "$@" >/dev/null; }
}

j8s_find_maven() {
  command -v mvn >/dev/null 2>&1 || j8s_apt_install maven || return 1
}
