#!/bin/sh
# As the official image: the server runs as rabbitmq in the foreground. RABBITMQ_DEFAULT_USER and
# RABBITMQ_DEFAULT_PASS are read by the server itself when it creates its database.
set -e
if [ "$1" = 'rabbitmq-server' ] && [ "$(id -u)" = '0' ]; then
  chown -R rabbitmq:rabbitmq /var/lib/rabbitmq
  exec setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups "$0" "$@"
fi
if [ "$1" = 'rabbitmq-server' ]; then set -- /usr/lib/rabbitmq/bin/rabbitmq-server; fi
exec "$@"
