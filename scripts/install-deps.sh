#!/usr/bin/env bash
# Installs the Debian packages Brobygger needs to build, run and test, but only those missing.
# Idempotent: a second run with everything present does nothing but check.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config curl ca-certificates tzdata
  libssl-dev libsodium-dev libpistache-dev libsoci-dev libboost-dev
  libmariadb-dev libsqlite3-dev nlohmann-json3-dev libical-dev catch2
  libcli11-dev libspdlog-dev libcurl4-openssl-dev libhowardhinnant-date-dev
  libicu-dev libxlsxwriter-dev libzip-dev libpugixml-dev sqlite3 nodejs npm
)
# The Debian package (make package, CTest package.deb): dpkg-shlibdeps works out its Depends.
packages+=(dpkg-dev)
# Certificates of attendance (issue 16): PDFs with libharu (adapters/pdf).
packages+=(libhpdf-dev)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(mariadb-server mariadb-client chromium wrk python3-icalendar python3-aiosmtpd
             clang-format-14 clang-tidy-14)
  # The Galera cluster test (scripts/galera.sh, CTest galera.cluster): the wsrep provider and rsync for the
  # state transfer to joining nodes.
  packages+=(galera-4 rsync)
  # Fuzzing (make fuzz, preset fuzz): clang with libFuzzer and the sanitizer runtimes.
  packages+=(clang-14 libclang-rt-14-dev)
  # The hostile-input probes through the shipped nginx site (tests/api/hostile_api_test.cpp, [nginx]).
  packages+=(nginx)
  # The user guide's screenshots (make screenshots): pngquant makes them small (lossy palette PNGs).
  packages+=(pngquant)
  # The certificates' text read back from the PDF (tests/api/trainings_api_test.cpp): pdftotext.
  packages+=(poppler-utils)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    # nodejs/npm may come from elsewhere (e.g. a preinstalled Node); accept a working binary.
    case "$p" in
      nodejs) command -v node >/dev/null && continue ;;
      npm) command -v npm >/dev/null && continue ;;
    esac
    missing+=("$p")
  fi
done

if (( ${#missing[@]} == 0 )); then
  exit 0
fi

echo "Installing missing packages: ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
