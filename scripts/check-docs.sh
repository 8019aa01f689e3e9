#!/usr/bin/env bash
# Checks one package's TSDoc the way `pnpm docs` does (every export and field documented, warnings are
# errors) without building the whole site; or, with --site, every link of the built site (`pnpm run docs` first):
# local files and anchors, and that each source link names a file and line of this repository.
# Usage: bash scripts/check-docs.sh packages/<name> | bash scripts/check-docs.sh --site [site]
set -euo pipefail
if [ "${1:-}" = "--site" ]; then
  exec node "$(dirname "$0")/check-site-links.mjs" "${2:-$(dirname "$0")/../site}"
fi
dir=${1:?usage: check-docs.sh packages/<name> | check-docs.sh --site [site]}
cd "$dir"
mapfile -t entries < <(node -e 'console.log(require("./typedoc.json").entryPoints.join("\n"))')
args=()
for entry in "${entries[@]}"; do args+=(--entryPoints "$entry"); done
for kind in Enum EnumMember Variable Function Class Interface Property Method TypeAlias Accessor; do
  args+=(--requiredToBeDocumented "$kind")
done
exec npx typedoc "${args[@]}" --tsconfig tsconfig.json --emit none --excludePrivate --excludeInternal --excludeExternals \
  --validation.notDocumented --validation.invalidLink --treatWarningsAsErrors --treatValidationWarningsAsErrors \
  --sourceLinkTemplate "https://github.com/tsc-imu/tsc/blob/{gitRevision}/$dir/src/{path}#L{line}" --gitRevision main --disableGit
