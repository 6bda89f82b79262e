#!/usr/bin/env bash
# 10-java.sh — install a Java 17+ runtime from the Debian archive for DynamoDB Local (the official emulator jar
# from amplify-dynamodb-simulator), used by the handler's integration tests and the local stage.
# Idempotent: silent when `java` 17 or later is already on the PATH.
set -euo pipefail

java_major() {
  java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1
}

if command -v java >/dev/null 2>&1 && [[ "$(java_major)" -ge 17 ]]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "10-java: error: Java 17+ is missing and apt-get is not available; install a JRE 17+ by hand" >&2
  exit 1
fi

sudo=""
if [[ "$(id -u)" -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
  else
    echo "10-java: error: installing Java needs root (or sudo)" >&2
    exit 1
  fi
fi

echo "10-java: installing openjdk-17-jre-headless from the Debian archive" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null

if ! command -v java >/dev/null 2>&1 || [[ "$(java_major)" -lt 17 ]]; then
  echo "10-java: error: apt-get ran but java 17+ is still not on the PATH" >&2
  exit 1
fi
