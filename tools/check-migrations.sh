#!/usr/bin/env bash
# Fails when the EF model has changes that no migration captures, for either provider.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
dotnet tool restore >/dev/null
dotnet build src/Contrevue --nologo -v quiet >/dev/null
for provider in Sqlite Postgres; do
  CONTREVUE_DESIGN_PROVIDER=$provider dotnet ef migrations has-pending-model-changes \
    --project "src/Contrevue.Data.$provider" --startup-project src/Contrevue --no-build
done
