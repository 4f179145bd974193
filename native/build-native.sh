#!/usr/bin/env bash
# Compiles the JNI library against the system libcurl; run by Maven in the compile phase.
# Usage: build-native.sh JAVA_HOME OUTPUT_DIR [SANITIZE PRELOAD]
#   SANITIZE=true (the sanitize profile, into target-sanitize/ only): AddressSanitizer and
#   UndefinedBehaviorSanitizer; PRELOAD is what that profile's test JVMs preload, checked here
#   against the runtimes the library was linked with.
set -euo pipefail
java_home=$1
out_dir=$2
sanitize=${3:-false}
preload=${4:-}
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

# Under the sanitizers: -O1 -g for whole stacks with line numbers in the reports. ASan stops the
# process at its first report; UBSan recovers (gcc's default) and logs each one, so a run counts
# them all. UBSan's runtime is linked in, its symbols kept inside this library: with a second
# shared runtime next to ASan's, ASan's copy of the common code takes over UBSan's log_path and
# UBSan's reports go to stderr instead of a file (gcc 12).
case "$sanitize" in
  false) flags=(-O2) ;;
  true) flags=(-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -static-libubsan -Wl,--exclude-libs,libubsan.a) ;;
  *) echo "konnect-curl: SANITIZE must be true or false, not '$sanitize'" >&2; exit 1 ;;
esac

lib="$out_dir/org/konnect/curl/jni/$platform/libkonnectcurl.so"
mkdir -p "$(dirname "$lib")"
# Hidden by default: the library exports only JNI_OnLoad/JNI_OnUnload (JNIEXPORT); every native
# is registered from jni_onload.c's table, so no symbol needs to be found by name.
gcc -std=gnu11 "${flags[@]}" -fPIC -fvisibility=hidden -Wall -Wextra -Werror -shared \
  "${include[@]}" -I"$java_home/include" -I"$java_home/include/linux" \
  -o "$lib" "$src_dir"/*.c -lcurl -ldl

if [ "$sanitize" = true ]; then
  # A JVM that loads this library must have preloaded the very runtime it needs (ASan refuses to
  # start otherwise); a gcc other than 12 links another soname, and the profile must say so.
  needed="$(readelf -d "$lib" | sed -n 's/.*(NEEDED).*\[\(lib[a-z]*san\.so[.0-9]*\)\].*/\1/p' | paste -sd:)"
  if [ "$needed" != "$preload" ]; then
    echo "konnect-curl: the sanitized library needs '$needed' but the tests would preload '$preload';" \
      "run with -Dkonnect.sanitize.preload=$needed" >&2
    exit 1
  fi
fi
