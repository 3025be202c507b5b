# Shared by the tests that run the Windows host: a headless Wine with its own prefix under $BUILD.
#
#   wine_start    finds wine64, takes the prefix's lock and starts a persistent wineserver; 1 if no Wine
#   wine_run ...  runs a Windows program (noticeboard-host.exe and its arguments)
#   wine_stop     stops that wineserver and releases the lock
#
# A wine64 process costs seconds while the wineserver starts and stops around it and under 0.1 s
# while one stays up, so the server is kept up for the whole run. The lock keeps two test runs (the
# windows and deploy suites of two people's `make test`) from stopping each other's server.

wine_bin=$(command -v wine64 || { [ -x /usr/lib/wine/wine64 ] && echo /usr/lib/wine/wine64; } || true)
wine_server=$(command -v wineserver || { [ -x /usr/lib/wine/wineserver ] && echo /usr/lib/wine/wineserver; } || true)

wine_start() {
  [ -n "$wine_bin" ] && [ -n "$wine_server" ] || return 1
  mkdir -p "$BUILD"
  WINEPREFIX=$(cd "$BUILD" && pwd)/wine
  # -all: Wine's own diagnostics would otherwise mix into the host's standard error. The empty
  # overrides stop a new prefix from offering to install Mono and Gecko, which nothing here needs.
  export WINEPREFIX WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
  exec 9>"$BUILD/wine.lock"
  flock 9
  mkdir -p "$WINEPREFIX"
  "$wine_server" -p
  # The first start of a new prefix creates it (about 15 s); later starts only bring up the server.
  "$wine_bin" cmd /c exit >/dev/null 2>&1 || true
}

wine_run() { "$wine_bin" "$@"; }

wine_stop() {
  [ -n "${WINEPREFIX:-}" ] || return 0
  "$wine_server" -k 2>/dev/null || true
  "$wine_server" -w 2>/dev/null || true
  exec 9>&-
}
