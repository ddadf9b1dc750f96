#!/bin/sh
# Run by the Maven build (the parent POM first, then dashboard/pom.xml) before `npm ci`: the
# end-to-end tests need Node.js 20+ with npm, and Debian's Chromium (driven by playwright-core,
# which never downloads a browser). Without this check a missing npm surfaces as "Cannot run
# program npm", and a missing Chromium only after the pipeline has built and run on the sample.
# It prints one message naming everything that is missing and how to install it, and fails.
# `mvn -DskipTests` skips it together with the tests; it never skips the tests by itself.
missing=""

if command -v node > /dev/null 2>&1; then
  node_version=$(node --version 2> /dev/null)
  node_major=$(printf '%s' "$node_version" | sed -n 's/^v\([0-9][0-9]*\)\..*/\1/p')
  if [ -z "$node_major" ] || [ "$node_major" -lt 20 ]; then
    missing="$missing
  - Node.js 20 or later (found ${node_version:-an unreadable version}): https://nodejs.org/en/download, or on Debian 13 apt-get install -y nodejs npm"
  fi
else
  missing="$missing
  - Node.js 20 or later (node is not on the PATH): https://nodejs.org/en/download, or on Debian 13 apt-get install -y nodejs npm"
fi

if ! command -v npm > /dev/null 2>&1; then
  missing="$missing
  - npm (not on the PATH): it comes with Node.js from nodejs.org; on Debian, apt-get install -y npm"
fi

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  missing="$missing
  - Chromium at $chromium (not found or not executable): on Debian, apt-get install -y chromium; elsewhere, set CHROMIUM_PATH to a Chromium or Chrome binary"
fi

if [ -n "$missing" ]; then
  echo "The dashboard's end-to-end tests (module dashboard/, run by mvn verify) cannot run; missing:$missing
Install what is missing and run the build again (mvn -DskipTests skips every test, the pipeline's included)." >&2
  exit 1
fi
echo "Dashboard test prerequisites: node $node_version, npm $(npm --version 2> /dev/null), Chromium at $chromium"
