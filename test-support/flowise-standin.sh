#!/bin/sh
# A Flowise stand-in for tests, run by busybox `nc -ll -p 3000 -e` inside a test container: it
# answers POST /api/v1/prediction/<chatflowId> with Flowise's documented response shape
# ({"text": ...}), echoing the request body (and the Authorization header, when one came) so a
# test can see what arrived, and 404 otherwise.
read -r method path _
len=0
auth=''
while read -r line; do
  line=$(printf '%s' "$line" | tr -d '\r')
  [ -z "$line" ] && break
  case "$line" in
    [Cc]ontent-[Ll]ength:*) len=$(printf '%s' "${line#*:}" | tr -d ' ') ;;
    [Aa]uthorization:*) auth=$(printf '%s' "${line#*:}" | sed 's/^ *//') ;;
  esac
done
body=$(head -c "$len")
case "$method $path" in
  "POST /api/v1/prediction/"*)
    id=${path#/api/v1/prediction/}
    escaped=$(printf '%s' "$body" | sed 's/\\/\\\\/g; s/"/\\"/g')
    [ -n "$auth" ] && escaped="$escaped with authorization $auth"
    reply="{\"text\":\"chatflow $id received $escaped\"}"
    status="200 OK" ;;
  *)
    reply='{"message":"not found"}'
    status="404 Not Found" ;;
esac
printf 'HTTP/1.1 %s\r\nContent-Type: application/json\r\nContent-Length: %s\r\nConnection: close\r\n\r\n%s' "$status" "${#reply}" "$reply"
