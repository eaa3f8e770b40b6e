#!/bin/sh
# Regenerate the screens under docs/screens/: the sample meeting held by `cmte chair` in a
# private tmux server, the other consoles beside it, members acting with `cmte ctl`, and each
# view captured at 80x24 as plain text (tmux capture-pane).  Run by `make screens`.
# Usage: capture.sh CMTE-BINARY OUTPUT-DIR
set -eu
bin=$(realpath "$1")
out=$(realpath "$2")
root=$(pwd)
room=$(mktemp -d /tmp/cmte-screens-XXXXXX)
sock=cmte-screens-$$
port=$((20000 + $$ % 20000))
export TMUX_TMPDIR="$room" XDG_CONFIG_HOME="$room/none"
unset TMUX
cleanup() {
	tmux -L "$sock" kill-server 2>/dev/null || true
	rm -rf "$room"
}
trap cleanup EXIT INT TERM

cat >"$room/cmte.ini" <<INI
[hub]
address = 127.0.0.1
listen = 127.0.0.1
port = $port
[keys]
hub_key = hub.key
[database]
path = cmte.db
INI
cfg="$room/cmte.ini"
cd "$room"
"$bin" import --config "$cfg" "$root/conf/sample-roster.csv" "$root/conf/sample-meeting.ini" >/dev/null
enroll() { "$bin" enroll --config "$cfg" --out "$room/$1.ini" "$@" >/dev/null; }
enroll display --role display
enroll secretary --role secretary
for seat in $(seq 1 20); do enroll "seat-$seat" --role member --seat "$seat"; done

# Wait until pane $1 shows text $2 (10 s at most).
wait_for() {
	for _ in $(seq 1 200); do
		tmux -L "$sock" capture-pane -p -t "$1" | grep -qF -- "$2" && return 0
		sleep 0.05
	done
	echo "capture.sh: $1 does not show \"$2\":" >&2
	tmux -L "$sock" capture-pane -p -t "$1" >&2
	exit 1
}
# A pane as plain text; cells in reverse video (bars, big digits, the cursor) become '#' so that
# they survive without attributes.
shot() {
	tmux -L "$sock" capture-pane -p -e -t "$1" | python3 -c '
import re, sys
rev = False
for line in sys.stdin:
    out = []
    for part in re.split(r"(\x1b\[[0-9;]*m)", line):
        if part.startswith("\x1b["):
            codes = [int(c or 0) for c in part[2:-1].split(";")]
            for c in codes:
                rev = True if c == 7 else False if c in (0, 27) else rev
        else:
            out.append(part.replace(" ", "#") if rev else part)
    sys.stdout.write("".join(out).rstrip() + "\n")
' >"$out/$2.txt"
}
keys() { tmux -L "$sock" send-keys -t "$@"; }
ctl() { "$bin" ctl --config "$room/$1.ini" "$2" >/dev/null; }
pane() { tmux -L "$sock" new-window -d -t app -n "$1" "$bin $2 --config $room/$3.ini; sleep 60"; }

tmux -L "$sock" -f /dev/null new-session -d -s app -n chair -x 80 -y 24 "$bin chair --config $cfg; sleep 60"
wait_for app:chair "已签到 0/35"
pane display display display
pane secretary secretary secretary
pane seat seat seat-1
wait_for app:seat "请按 Enter 签到"
shot app:seat seat-sign-in
keys app:seat Enter
wait_for app:seat "签到成功"

# The other members sign in (with the PINs of the sample roster).
for seat in $(seq 2 20); do
	pin=$(awk -F, -v s="$seat" '$5 == s { print $7 }' "$root/conf/sample-roster.csv")
	if [ -n "$pin" ]; then
		"$bin" ctl --config "$room/seat-$seat.ini" --pin "$pin" "{\"type\":\"sign_in\",\"person\":$seat}" >/dev/null
	else
		ctl "seat-$seat" "{\"type\":\"sign_in\",\"person\":$seat}"
	fi
done
wait_for app:chair "已符合法定人数"
shot app:chair chair-agenda
wait_for app:secretary "已签到 20/35"
shot app:secretary secretary-roster

keys app:chair o Enter
wait_for app:chair "【听取和审议报告】"
wait_for app:seat "申请发言"
keys app:seat 1
wait_for app:seat "您已申请发言"
keys app:chair g
wait_for app:chair "发言人：欧阳明"
wait_for app:display "发言人：欧阳明"
keys app:secretary 3
wait_for app:secretary "发言人：欧阳明"
wait_for app:seat "发言人：欧阳明"
shot app:chair chair-speech
shot app:display display-speech
shot app:secretary secretary-speakers
shot app:seat seat-floor

keys app:chair e c y
wait_for app:chair "用方向键选择议程项"
keys app:chair Enter
wait_for app:chair "【专题询问】"
keys app:chair n r
wait_for app:chair "【回答】"
shot app:chair chair-inquiry
keys app:chair e c y
wait_for app:chair "用方向键选择议程项"
keys app:chair Enter
wait_for app:chair "【满意度测评】"
keys app:chair b
wait_for app:chair "已测评 0/20"
wait_for app:seat "按 1 开始"
keys app:seat 1 1 2
wait_for app:seat "请核对您的选择"
shot app:seat seat-review
keys app:seat Enter
wait_for app:seat "确认提交以上选择吗"
shot app:seat seat-confirm
keys app:seat 1
wait_for app:seat "已记录"
shot app:seat seat-recorded
item=$("$bin" ctl --config "$room/secretary.ini" --state |
	python3 -c 'import json,sys; s=json.load(sys.stdin)["state"]; it=s["items"][2]; print(it["id"], *[x["id"] for x in it["ballot"]["subjects"]])')
set -- $item
for seat in $(seq 2 17); do
	ctl "seat-$seat" "{\"type\":\"ballot_cast\",\"item\":$1,\"person\":$seat,\"choices\":[{\"subject\":$2,\"option\":$((seat % 3 == 0))},{\"subject\":$3,\"option\":0}]}"
done
wait_for app:chair "已测评 17/20"
shot app:chair chair-ballot
keys app:chair x y
wait_for app:chair "满意度测评结果"
wait_for app:display "满意度测评结果"
shot app:chair chair-results
shot app:display display-results
wait_for app:seat "满意度测评结果"
shot app:seat seat-results

# The appointment (item 5): the cases under the statements, every case voted together, the
# certificates checked off, the oath on the display.
keys app:chair c y
wait_for app:chair "用方向键选择议程项"
keys app:chair Down Enter
wait_for app:chair "【人事任免】"
wait_for app:chair "1. 免职 王建国"
shot app:chair chair-appointment
item=$("$bin" ctl --config "$room/secretary.ini" --state |
	python3 -c 'import json,sys; s=json.load(sys.stdin)["state"]; it=s["items"][4]; print(it["id"], *[x["id"] for x in it["ballot"]["subjects"]])')
set -- $item
keys app:chair B
wait_for app:chair "已表决 0/20"
for seat in $(seq 1 20); do
	ctl "seat-$seat" "{\"type\":\"ballot_cast\",\"item\":$1,\"person\":$seat,\"choices\":[{\"subject\":$2,\"option\":0},{\"subject\":$3,\"option\":$((seat % 4 == 0))},{\"subject\":$4,\"option\":0}]}"
done
wait_for app:chair "已表决 20/20"
keys app:chair x y
wait_for app:display "表决结果"
shot app:display display-appointment
ctl secretary "{\"type\":\"certificates_give\",\"item\":$1}"
wait_for app:chair "w 宪法宣誓"
keys app:chair w
wait_for app:chair "由谁领誓"
keys app:chair Enter
wait_for app:display "我 宣 誓 ："
shot app:display display-oath
echo "capture.sh: screens written to $out"
