#!/usr/bin/env bash
# Offline check of the Azure templates: restores the pinned Bicep CLI from NuGet
# (infra/tools/bicep.proj), builds infra/main.bicep and lints every .bicep file under infra/.
# Fails on ANY diagnostic (error or warning), including compiler type warnings (BCPxxx).
# Usage: scripts/check-infra.sh            (from anywhere; needs the .NET SDK)
# Env:   BICEP=/path/to/bicep               use this CLI instead of the NuGet one
#        AIMS_INFRA_DIR=/path/to/infra       check another copy of infra/ (tests prove a broken template fails)
#        AIMS_INFRA_OUT=/path/to/dir         keep the compiled main.json there (tests read parameters and resources)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
proj="$root/infra/tools/bicep.proj"
infra="${AIMS_INFRA_DIR:-$root/infra}"

fail() { echo "check-infra: FAIL: $*" >&2; exit 1; }

if [[ -z "${BICEP:-}" ]]; then
  version="$(sed -n 's:.*<BicepVersion>\(.*\)</BicepVersion>.*:\1:p' "$proj")"
  [[ -n "$version" ]] || fail "no <BicepVersion> in $proj"
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) rid=linux-x64 ;;
    *) fail "no pinned Bicep package for $(uname -s)-$(uname -m); set BICEP=/path/to/bicep" ;;
  esac
  packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
  BICEP="$packages/azure.bicep.commandline.$rid/$version/tools/bicep"
  if [[ ! -f "$BICEP" ]]; then
    echo "check-infra: restoring Bicep CLI $version (NuGet) ..."
    dotnet restore "$proj" --nologo -v quiet >/dev/null || fail "dotnet restore $proj failed"
  fi
  [[ -f "$BICEP" ]] || fail "Bicep CLI not found at $BICEP after restore"
  [[ -x "$BICEP" ]] || chmod +x "$BICEP"
fi

echo "check-infra: $("$BICEP" --version)"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
problems=0

# Runs bicep, shows its diagnostics, and counts the run as failed on a non-zero exit
# or on any "Warning"/"Error" diagnostic (bicep exits 0 on warnings).
run() {
  local label="$1"; shift
  local out rc=0
  out="$("$BICEP" "$@" 2>&1)" || rc=$?
  if [[ $rc -ne 0 ]] || grep -Eq ' : (Warning|Error) ' <<<"$out"; then
    echo "check-infra: $label:" >&2
    # bicep repeats some diagnostics; show each once
    awk '!seen[$0]++' <<<"$out" | sed 's/^/  /' >&2
    [[ $rc -ne 0 ]] && echo "  (bicep exited $rc)" >&2
    problems=$((problems + 1))
  else
    echo "check-infra: ok   $label"
  fi
}

run "build infra/main.bicep" build "$infra/main.bicep" --outdir "$tmp"
[[ -s "$tmp/main.json" ]] || { echo "check-infra: build produced no main.json" >&2; problems=$((problems + 1)); }

count=0
while IFS= read -r -d '' file; do
  count=$((count + 1))
  run "lint ${file#"$infra"/}" lint "$file"
done < <(find "$infra" -name '*.bicep' -not -path '*/obj/*' -not -path '*/bin/*' -print0 | sort -z)
[[ $count -gt 0 ]] || fail "no .bicep files found under infra/"

# main.parameters.json must be valid JSON and bind only parameters main.bicep declares.
if command -v node >/dev/null; then
  node - "$infra/main.parameters.json" "$tmp/main.json" <<'JS' || problems=$((problems + 1))
const fs = require('fs');
const [paramsPath, templatePath] = process.argv.slice(2);
let params, template;
try { params = JSON.parse(fs.readFileSync(paramsPath, 'utf8')).parameters; }
catch (e) { console.error(`check-infra: ${paramsPath}: ${e.message}`); process.exit(1); }
try { template = JSON.parse(fs.readFileSync(templatePath, 'utf8')); } catch { process.exit(1); }
const declared = template.parameters || {};
const unknown = Object.keys(params).filter(p => !(p in declared));
const missing = Object.entries(declared)
  .filter(([name, p]) => !('defaultValue' in p) && !(name in params)).map(([name]) => name);
if (unknown.length || missing.length) {
  if (unknown.length) console.error(`check-infra: main.parameters.json binds undeclared parameters: ${unknown.join(', ')}`);
  if (missing.length) console.error(`check-infra: main.parameters.json leaves required parameters unbound: ${missing.join(', ')}`);
  process.exit(1);
}
console.log(`check-infra: ok   infra/main.parameters.json (${Object.keys(params).length} parameters)`);
JS
fi

if [[ -n "${AIMS_INFRA_OUT:-}" && -s "$tmp/main.json" ]]; then
  mkdir -p "$AIMS_INFRA_OUT" && cp "$tmp/main.json" "$AIMS_INFRA_OUT/main.json"
fi

if [[ $problems -ne 0 ]]; then
  fail "$problems check(s) reported errors or warnings (see above)"
fi
echo "check-infra: PASS ($count Bicep files, zero warnings)"
