#!/usr/bin/env bash
# Builds the local images the tests run, without any registry: a scratch image holding Debian's
# static busybox (all its applets: sh, httpd, nc, sleep, dd, ...). Rebuilt only when busybox changed.
set -euo pipefail

IMAGE="${SUTAZAI_TEST_IMAGE:-sutazai-test/busybox:latest}"
BUSYBOX="${BUSYBOX:-/bin/busybox}"

if [ ! -x "$BUSYBOX" ]; then
  echo "build-test-images: $BUSYBOX not found; install Debian's busybox-static (apt-get install -y busybox-static)" >&2
  exit 1
fi
if ldd "$BUSYBOX" >/dev/null 2>&1; then
  echo "build-test-images: $BUSYBOX is dynamically linked; install busybox-static instead of busybox" >&2
  exit 1
fi

sum=$(sha256sum "$BUSYBOX" | cut -c1-16)
have=$(docker image inspect --format '{{ index .Config.Labels "ai.sutazai.test.busybox" }}' "$IMAGE" 2>/dev/null || true)
if [ "$have" = "$sum" ]; then
  echo "build-test-images: $IMAGE is up to date"
  exit 0
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,etc,tmp,proc,sys,dev,root,www,data}
chmod 1777 "$root/tmp"
cp "$BUSYBOX" "$root/bin/busybox"
for applet in $("$root/bin/busybox" --list); do
  [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' > "$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
echo '<h1>sutazai test</h1>' > "$root/www/index.html"

tar -C "$root" -c . | docker import \
  --change 'ENV PATH=/bin' \
  --change 'CMD ["/bin/sh"]' \
  --change "LABEL ai.sutazai.test.busybox=$sum" \
  - "$IMAGE" >/dev/null
echo "build-test-images: built $IMAGE"
