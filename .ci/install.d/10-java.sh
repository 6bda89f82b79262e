#!/usr/bin/env bash
# 10-java.sh — a Java 17+ runtime from the Debian archive for DynamoDB Local (the official emulator jar from
# amplify-dynamodb-simulator), used by the handler's integration tests, the local stage and the e2e suite.
# Idempotent: silent when `java` 17 or later is already on the PATH.
set -euo pipefail
source "$(dirname "$0")/../lib/apt-install.sh"

java_major() {
  java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1
}

if command -v java >/dev/null 2>&1 && [[ "$(java_major)" -ge 17 ]]; then
  exit 0
fi
apt_install 10-java openjdk-17-jre-headless
if ! command -v java >/dev/null 2>&1 || [[ "$(java_major)" -lt 17 ]]; then
  echo "10-java: error: apt-get ran but java 17+ is still not on the PATH" >&2
  exit 1
fi
