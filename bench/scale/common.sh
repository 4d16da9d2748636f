# Shared by the scale benchmarks: the CLI and the worker counts from the
# command line, a scratch folder removed on exit.
#   source "$(dirname "${BASH_SOURCE[0]}")/common.sh" "$@"
cli="${1:-build/app/oversub-cli}"
shift || true
counts=("$@")
((${#counts[@]})) || counts=(64 512 2048)
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
