#!/bin/sh
# As the official image: arguments starting with '-' go to redis-server, which runs as redis with
# its compiled-in defaults (every address, protected mode) rather than Debian's /etc/redis/redis.conf.
set -e
case "$1" in -*) set -- redis-server "$@" ;; esac
if [ "$1" = 'redis-server' ] && [ "$(id -u)" = '0' ]; then
  chown -R redis:redis /data
  exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
fi
exec "$@"
