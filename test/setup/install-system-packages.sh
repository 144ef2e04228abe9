#!/usr/bin/env bash
# Installs the Debian packages the test suite starts by itself (browser, keychain, proxies, DNS, firewall).
# Idempotent: packages already present are not fetched again. Needs root (CI runs as root).
set -euo pipefail
packages=(
  chromium            # Playwright drives the built renderer in Debian's Chromium
  dbus dbus-x11       # dbus-run-session for the Secret Service
  gnome-keyring       # the real OS keychain on Linux (Secret Service)
  libsecret-1-0       # what @github/keytar talks to
  tinyproxy squid     # real forward proxies for the firewall check
  dnsmasq-base        # a local resolver for deterministic NXDOMAIN
  iptables iproute2   # silently dropping firewall inside a network namespace
  openssl curl        # test CA at test time; the benchmark's sequential baseline
  util-linux          # runuser, unshare
  openssh-server openssh-client  # a real sshd (and ssh-agent, ssh-keygen) for the SSH host tests
  sudo                # the SSH host acting as the install's owner
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# The tests start their own sshd on loopback ports; it needs its privilege-separation folder (/run is
# emptied at boot, so this runs even when every package is already there).
make_sshd_run_dir() { if [ "$(id -u)" = 0 ]; then mkdir -p /run/sshd && chmod 0755 /run/sshd; fi; }
if [ ${#missing[@]} -eq 0 ]; then
  make_sshd_run_dir
  echo "[setup] system packages already installed"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "[setup] missing packages: ${missing[*]} — run this script as root (sudo $0)" >&2
  exit 1
fi
echo "[setup] installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# The proxies and resolver are started by the tests themselves; the distro services must not hold their ports.
for s in tinyproxy squid dnsmasq ssh; do
  (command -v systemctl >/dev/null && systemctl disable --now "$s" 2>/dev/null) || true
  (service "$s" stop 2>/dev/null) || true
done
make_sshd_run_dir
echo "[setup] done"
