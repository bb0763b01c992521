#!/usr/bin/env bash
# Adds a migration of the same name to both provider projects, then checks the model has no pending change.
# Usage: tools/add-migration.sh NameInPascalCase
#
# The provider projects cannot reference src/Contrevue (which references them to ship them), so the
# [DbContext(typeof(ContrevueDbContext))] attribute that dotnet ef writes is removed; the app's
# ProviderMigrationsAssembly takes every migration of the provider assembly instead.
set -euo pipefail
name="${1:?usage: tools/add-migration.sh Name}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  project="src/Contrevue.Data.$provider"
  CONTREVUE_DESIGN_PROVIDER=$provider dotnet ef migrations add "$name" \
    --project "$project" --startup-project src/Contrevue \
    --output-dir Migrations
  for file in $(find "$project/Migrations" -name "*.cs"); do
    sed -i -e '/^\s*\[DbContext(typeof(ContrevueDbContext))\]\s*$/d' -e '/^using Contrevue\.Data;\s*$/d' "$file"
  done
done
tools/check-migrations.sh
