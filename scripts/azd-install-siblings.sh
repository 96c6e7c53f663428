#!/usr/bin/env sh
# azd hook (azure.yaml, service api: prerestore and prepackage). azd runs Maven in ./functions only
# (`mvn package -DskipTests` to package, `mvn dependency:resolve` for `azd restore`; azure-dev
# cli/azd/pkg/tools/maven/maven.go), where the sibling modules core and contract are not built. This
# installs them, and the parent POM, into the local Maven repository first.
set -eu
cd "$(dirname "$0")/.."
exec mvn -B -q install -DskipTests -pl contract,core -am "$@"
