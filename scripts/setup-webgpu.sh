#!/usr/bin/env bash
# Makes a WebGPU adapter available to Dawn (the `webgpu` npm package) on a Linux machine without a
# GPU: Mesa's lavapipe (software Vulkan, 25.x from bookworm-backports) for the core adapter, and
# EGL/GLES on llvmpipe for the compatibility adapter. With --browser it also installs Debian's
# Chromium for the browser tests, with --fashion Debian's Fashion-MNIST files
# (/usr/share/datasets/fashion-mnist). Idempotent; quiet when everything is already there.
set -euo pipefail

want_browser=0
want_fashion=0
for arg in "$@"; do
  case "$arg" in
    --browser) want_browser=1 ;;
    --fashion) want_fashion=1 ;;
    *) echo "setup-webgpu: unknown option $arg" >&2; exit 2 ;;
  esac
done

[ "$(uname -s)" = Linux ] || exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-webgpu: not a Debian-like system; install a Vulkan driver (Mesa >= 24) yourself" >&2
  exit 0
fi

sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"

have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

mesa_ok() {
  have_pkg mesa-vulkan-drivers || return 1
  local v
  v=$(dpkg-query -W -f='${Version}' mesa-vulkan-drivers)
  # bookworm's 22.x lavapipe is too old for Dawn
  dpkg --compare-versions "$v" ge 24 
}

need=()
mesa_ok || need+=(mesa-vulkan-drivers)
for p in libegl1 libgles2 libegl-mesa0 libvulkan1; do have_pkg "$p" || need+=("$p"); done
if [ "$want_browser" = 1 ]; then
  have_pkg chromium || need+=(chromium)
fi
if [ "$want_fashion" = 1 ]; then
  have_pkg dataset-fashion-mnist || need+=(dataset-fashion-mnist)
fi
[ "${#need[@]}" -eq 0 ] && exit 0

. /etc/os-release
codename="${VERSION_CODENAME:-bookworm}"
if ! grep -rqs "${codename}-backports" /etc/apt/sources.list /etc/apt/sources.list.d/; then
  # the mirror of the existing bookworm entry (deb822 `URIs:` or one-line `deb` format)
  mirror=$( { grep -rhsE '^(URIs:|deb) ' /etc/apt/sources.list /etc/apt/sources.list.d/ || true; } \
    | grep -oE 'https?://[^ ]+' | grep -v -e security -e nodesource -e google | head -n1 || true)
  mirror="${mirror:-http://deb.debian.org/debian}"
  printf 'Types: deb\nURIs: %s\nSuites: %s-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "$mirror" "$codename" | $sudo tee /etc/apt/sources.list.d/backports.sources >/dev/null
fi

echo "setup-webgpu: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq -t "${codename}-backports" mesa-vulkan-drivers libegl-mesa0 libgles2 libegl1 libvulkan1 >/dev/null
extra=()
[ "$want_browser" = 1 ] && extra+=(chromium)
[ "$want_fashion" = 1 ] && extra+=(dataset-fashion-mnist)
if [ "${#extra[@]}" -gt 0 ]; then
  $sudo apt-get install -y -qq "${extra[@]}" >/dev/null
fi
echo "setup-webgpu: done (mesa $(dpkg-query -W -f='${Version}' mesa-vulkan-drivers))"
