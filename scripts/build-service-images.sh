#!/usr/bin/env bash
# Builds local images of the stack's own services from Debian's packages, for the tests: one base
# (mmdebstrap, Debian 12 with apt and wget; daemons are not started while packages install, and apt
# keeps no caches) imported with `docker import`, then one small layer per
# service from test-support/service-images/<name>/ (its Dockerfile names the packages and says how the
# program starts). Tagged sutazai-test/<name>:<version>-debian so nobody takes them for the official
# images. An image whose folder did not change since it was built is skipped. Nothing is pulled from
# a registry: packages come from the Debian mirror through apt.
#
#   scripts/build-service-images.sh            build what is missing or changed
#   scripts/build-service-images.sh --list     print the tags, one a line
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
images="$root/test-support/service-images"
base="sutazai-test/debian-base:12"
mirror="${SUTAZAI_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
security="${SUTAZAI_DEBIAN_SECURITY:-http://deb.debian.org/debian-security}"

tag_of() { sed -n 's/^LABEL ai.sutazai.test.image=//p' "$images/$1/Dockerfile"; }

if [ "${1:-}" = "--list" ]; then
  for dir in "$images"/*/; do tag_of "$(basename "$dir")"; done
  exit 0
fi

# One build at a time on this engine (two test runs may start together).
exec 9>"${TMPDIR:-/tmp}/sutazai-build-service-images.lock"
flock 9

label_of() { docker image inspect --format "{{ index .Config.Labels \"$2\" }}" "$1" 2>/dev/null || true; }
started=$(date +%s)

# The base, rebuilt when its recipe (these arguments) changes.
base_args=(
  --quiet --variant=apt --include=wget,ca-certificates
  --aptopt='APT::Install-Recommends "false"'
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*'
  --dpkgopt='path-include=/usr/share/doc/*/copyright' --dpkgopt='path-exclude=/usr/share/locale/*'
  --skip=cleanup/apt/lists
  --skip=chroot/policy-rc.d
  --essential-hook='printf "#!/bin/sh\nexit 101\n" > "$1/usr/sbin/policy-rc.d" && chmod 755 "$1/usr/sbin/policy-rc.d"'
  --customize-hook='printf "%s\n" "DPkg::Post-Invoke { \"rm -f /var/cache/apt/archives/*.deb /var/cache/apt/*.bin || true\"; };" "Dir::Cache::pkgcache \"\"; Dir::Cache::srcpkgcache \"\";" > "$1/etc/apt/apt.conf.d/docker-clean" && rm -f "$1"/var/cache/apt/*.bin'
  bookworm -
  "deb $mirror bookworm main" "deb $mirror bookworm-updates main" "deb $security bookworm-security main"
)
base_sum=$(printf '%s\n' "${base_args[@]}" | sha256sum | cut -c1-16)
if [ "$(label_of "$base" ai.sutazai.test.base)" != "$base_sum" ]; then
  if ! command -v mmdebstrap >/dev/null 2>&1; then
    echo "build-service-images: mmdebstrap not found; install Debian's mmdebstrap (apt-get install -y mmdebstrap)" >&2
    exit 1
  fi
  echo "build-service-images: building $base with mmdebstrap"
  mmdebstrap "${base_args[@]}" |
    docker import \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'ENV DEBIAN_FRONTEND=noninteractive' \
      --change 'CMD ["bash"]' \
      --change "LABEL ai.sutazai.test.base=$base_sum" \
      - "$base" >/dev/null
fi

built=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for dir in "$images"/*/; do
  name=$(basename "$dir")
  tag=$(tag_of "$name")
  if [ -z "$tag" ]; then
    echo "build-service-images: $dir/Dockerfile has no 'LABEL ai.sutazai.test.image=<tag>' line" >&2
    exit 1
  fi
  sum=$( (printf '%s' "$base_sum"; cd "$dir" && find . -type f | sort | xargs sha256sum) | sha256sum | cut -c1-16)
  if [ "$(label_of "$tag" ai.sutazai.test.recipe)" = "$sum" ]; then continue; fi
  echo "build-service-images: building $tag"
  if ! DOCKER_BUILDKIT=0 docker build --quiet --label "ai.sutazai.test.recipe=$sum" -t "$tag" "$dir" >/dev/null 2>"$log"; then
    cat "$log" >&2
    echo "build-service-images: building $tag failed" >&2
    exit 1
  fi
  built=$((built + 1))
done

if [ "$built" -gt 0 ]; then
  echo "build-service-images: built $built image(s) in $(($(date +%s) - started)) s"
else
  echo "build-service-images: all up to date"
fi
