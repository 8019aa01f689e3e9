#!/usr/bin/env bash
# Checks one package's TSDoc the way `pnpm docs` does (every export and field documented, warnings are
# errors) without building the whole site. Usage: bash scripts/check-docs.sh packages/<name>
set -euo pipefail
dir=${1:?usage: check-docs.sh packages/<name>}
cd "$dir"
mapfile -t entries < <(node -e 'console.log(require("./typedoc.json").entryPoints.join("\n"))')
args=()
for entry in "${entries[@]}"; do args+=(--entryPoints "$entry"); done
for kind in Enum EnumMember Variable Function Class Interface Property Method TypeAlias Accessor; do
  args+=(--requiredToBeDocumented "$kind")
done
exec npx typedoc "${args[@]}" --tsconfig tsconfig.json --emit none --excludePrivate --excludeInternal \
  --validation.notDocumented --validation.invalidLink --treatWarningsAsErrors --treatValidationWarningsAsErrors \
  --sourceLinkTemplate 'https://github.com/tsc-imu/tsc/blob/{gitRevision}/{path}#L{line}' --gitRevision main --disableGit
