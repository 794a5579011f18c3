#!/usr/bin/env bash
# Installs what the browser tests need when it is missing: Debian's
# chromium, CJK fonts and poppler-utils (pdftotext), and the npm checkers. Safe to run repeatedly.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -d /usr/share/fonts/opentype/noto ] || fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils) # the print test reads its PDF
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} (apt-get)…" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

# The checkers the standards tests run (axe-core, vnu-jar), from the npm
# registry as pinned in package-lock.json. Java runs vnu.jar.
if [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ]; then
  echo "installing axe-core and vnu-jar (npm ci)…" >&2
  npm ci --ignore-scripts --no-audit --no-fund --silent
fi
command -v java >/dev/null 2>&1 || {
  echo "installing a Java runtime for the Nu Html Checker (apt-get)…" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq default-jre-headless >/dev/null
}
