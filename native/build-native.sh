#!/usr/bin/env bash
# Compiles the JNI library against the system libcurl; run by Maven in the compile phase.
# Usage: build-native.sh JAVA_HOME OUTPUT_DIR
set -euo pipefail
java_home=$1
out_dir=$2
src_dir=$(cd "$(dirname "$0")/src/main/c" && pwd)

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) platform=linux-x86_64 ;;
  Linux-aarch64) platform=linux-aarch64 ;;
  *) echo "konnect-curl: unsupported platform $(uname -s)-$(uname -m) (Linux x86_64 and aarch64 are supported)" >&2; exit 1 ;;
esac

# KONNECT_CURL_INCLUDE: headers taken before the system's (see gen-constants.sh, which reads it too).
include=()
if [ -n "${KONNECT_CURL_INCLUDE:-}" ]; then include=(-I"$KONNECT_CURL_INCLUDE"); fi

if ! echo '#include <curl/curl.h>' | gcc "${include[@]}" -E -x c - >/dev/null 2>&1; then
  cat >&2 <<'MSG'
konnect-curl: libcurl development headers not found (curl/curl.h).
  Install them with:  sudo apt-get install -y libcurl4-openssl-dev
  (the README's commands do this for you)
MSG
  exit 1
fi

mkdir -p "$out_dir/org/konnect/curl/jni/$platform"
# Hidden by default: the library exports only JNI_OnLoad/JNI_OnUnload (JNIEXPORT); every native
# is registered from jni_onload.c's table, so no symbol needs to be found by name.
gcc -std=gnu11 -O2 -fPIC -fvisibility=hidden -Wall -Wextra -Werror -shared \
  "${include[@]}" -I"$java_home/include" -I"$java_home/include/linux" \
  -o "$out_dir/org/konnect/curl/jni/$platform/libkonnectcurl.so" \
  "$src_dir"/*.c -lcurl -ldl
