#!/bin/sh
# Installs the Debian packages rxtop needs to build, run and test, only when some are missing.
set -eu

packages="clang-19 llvm-19 libbpf-dev libxdp-dev bpftool liburing-dev libmnl-dev libncurses-dev
libelf-dev zlib1g-dev pkg-config make gcc iproute2 ethtool netsniff-ng xdp-tools libdpdk-dev dpdk
dpdk-dev linux-perf tmux clang-format clang-tidy cppcheck python3 procps libclang-rt-19-dev"

missing=""
for p in $packages; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "rxtop: missing packages:$missing; run 'sudo make deps' to install them" >&2
	exit 2
fi
echo "rxtop: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
