#!/usr/bin/env bash
# Deploys demostream to a Google Cloud project, from an empty project to the dashboard in a browser:
# APIs, network, Private Services Access, GKE Autopilot cluster, images and Flex Template, the
# topic/subscription/dataset/bucket, the three Google service accounts and exactly the roles of
# deploy/iam/roles.yaml, Cloud SQL, the Kubernetes Secret, the manifests, the first provisioning and
# the Gateway's address. Every step is idempotent (each create is guarded by an existence check), so
# running it again finishes an interrupted deploy or upgrades the images to a new --version.
# docs/DEPLOY.md explains each step and what it costs; ./deploy/gcp.sh -h lists the options. With
# --pipeline flink the pipeline runs on the Flink Kubernetes Operator in the cluster (the gke-flink
# overlay, docs/FLINK-OPERATOR.md) instead of Dataflow.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROLES_FILE=$ROOT/deploy/iam/roles.yaml

# The names control-service provisions (demostream.pubsub.*, demostream.bigquery.dataset in its
# application.yml) and roles.yaml scopes its grants to. The script creates them first so that their
# IAM bindings exist before any service acts; control-service's provisioning then finds them.
TOPIC=users
SUBSCRIPTION=users-pipeline
# The alerts' (docs/ALERTS.md): the pipeline's window panes, control-service's subscription to
# them, and the alert notifications.
PANES_TOPIC=demostream-panes
PANES_SUBSCRIPTION=demostream-panes-control
ALERTS_TOPIC=demostream-alerts
ACK_DEADLINE_SECONDS=60
MESSAGE_RETENTION=7d
DATASET=demostream
DATABASE=demostream
SECRET=demostream-api-tokens
SQL_SETUP_NAMESPACE=demostream-sql-setup
POSTGRES_IMAGE=postgres:16-alpine
MIN_KUBERNETES=1.30
# The Flink Kubernetes Operator and the cert-manager its webhook needs, pinned as
# docs/FLINK-OPERATOR.md installs them.
FLINK_OPERATOR_VERSION=1.10.0
FLINK_OPERATOR_REPO=https://downloads.apache.org/flink/flink-kubernetes-operator-$FLINK_OPERATOR_VERSION/
FLINK_OPERATOR_NAMESPACE=flink-operator
FLINK_CRD=flinkdeployments.flink.apache.org
CERT_MANAGER_MANIFEST=https://github.com/jetstack/cert-manager/releases/download/v1.16.2/cert-manager.yaml

STEPS=(apis network private_services_access cluster registry bucket images template messaging
  dataset service_accounts grants cloud_sql namespace_and_secret database_grants flink_operator apply
  provision gateway_address)

usage() {
  cat <<'USAGE'
Usage: deploy/gcp.sh --project ID [options]

Deploys demostream to a Google Cloud project (see docs/DEPLOY.md). Idempotent: run it again to
finish an interrupted deploy or to roll out a new --version.

Options:
  --project ID             Google Cloud project (required)
  --region REGION          region of everything regional (default us-central1)
  --version V              image tag and template version (default 0.1.0)
  --cluster NAME           GKE Autopilot cluster (default demostream)
  --network NAME           VPC network; its subnetwork is NAME-REGION (default demostream)
  --subnet-range CIDR      the subnetwork's primary range (default 10.10.0.0/20)
  --psa-range NAME         reserved range for Private Services Access (default demostream-psa)
  --sql-instance NAME      Cloud SQL for PostgreSQL instance (default demostream-state)
  --sql-tier TIER          its machine type, Enterprise edition (default db-custom-1-3840)
  --bucket NAME            Dataflow staging/temp and template bucket (default PROJECT-demostream)
  --bucket-location LOC    the bucket's location (default: the region)
  --dataset-location LOC   the BigQuery dataset's location (default US)
  --repository NAME        Artifact Registry Docker repository (default demostream)
  --namespace NAME         Kubernetes namespace (default demostream)
  --pipeline KIND          dataflow (default): the pipeline on Dataflow, a Flex Template;
                           flink: on the Flink Kubernetes Operator in the cluster (the gke-flink
                           overlay; installs the operator with helm if it is missing)
  --work-dir DIR           where the overlay with this project's values is written
                           (default ${TMPDIR:-/tmp}/demostream-deploy-PROJECT)
  --step NAME              run only this step (repeatable); steps, in order:
                           apis network private_services_access cluster registry bucket images
                           template messaging dataset service_accounts grants cloud_sql
                           namespace_and_secret database_grants flink_operator apply provision
                           gateway_address
  --dry-run                print every command, one per line, and run none
  -h, --help               this help

Needs gcloud (with kubectl), bq, docker, openssl, curl and a JDK 17 (and helm with --pipeline
flink, unless the operator is installed); you need roles/owner (or the equivalent admin roles) on
the project.
USAGE
}

# ---------------------------------------------------------------------------------------------------
# Options

PROJECT=""
REGION=us-central1
VERSION=0.1.0
CLUSTER=demostream
NETWORK=demostream
SUBNET_RANGE=10.10.0.0/20
PSA_RANGE=demostream-psa
SQL_INSTANCE=demostream-state
SQL_TIER=db-custom-1-3840
BUCKET=""
BUCKET_LOCATION=""
DATASET_LOCATION=US
REPOSITORY=demostream
NAMESPACE=demostream
PIPELINE=dataflow
WORK_DIR=""
DRY_RUN=false
ONLY_STEPS=()

die() {
  echo "deploy/gcp.sh: $*" >&2
  exit 2
}

need_value() {
  [[ $# -ge 2 && -n $2 && $2 != --* ]] || die "$1 needs a value (-h for help)"
}

while [[ $# -gt 0 ]]; do
  case $1 in
    --project) need_value "$@"; PROJECT=$2; shift 2 ;;
    --region) need_value "$@"; REGION=$2; shift 2 ;;
    --version) need_value "$@"; VERSION=$2; shift 2 ;;
    --cluster) need_value "$@"; CLUSTER=$2; shift 2 ;;
    --network) need_value "$@"; NETWORK=$2; shift 2 ;;
    --subnet-range) need_value "$@"; SUBNET_RANGE=$2; shift 2 ;;
    --psa-range) need_value "$@"; PSA_RANGE=$2; shift 2 ;;
    --sql-instance) need_value "$@"; SQL_INSTANCE=$2; shift 2 ;;
    --sql-tier) need_value "$@"; SQL_TIER=$2; shift 2 ;;
    --bucket) need_value "$@"; BUCKET=$2; shift 2 ;;
    --bucket-location) need_value "$@"; BUCKET_LOCATION=$2; shift 2 ;;
    --dataset-location) need_value "$@"; DATASET_LOCATION=$2; shift 2 ;;
    --repository) need_value "$@"; REPOSITORY=$2; shift 2 ;;
    --namespace) need_value "$@"; NAMESPACE=$2; shift 2 ;;
    --pipeline) need_value "$@"; PIPELINE=$2; shift 2 ;;
    --work-dir) need_value "$@"; WORK_DIR=$2; shift 2 ;;
    --step) need_value "$@"; ONLY_STEPS+=("$2"); shift 2 ;;
    --dry-run) DRY_RUN=true; shift ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown option $1 (-h for help)" ;;
  esac
done

[[ -n $PROJECT ]] || die "--project is required (-h for help)"
[[ $PROJECT =~ ^[a-z][-a-z0-9]{4,28}[a-z0-9]$ ]] || die "--project $PROJECT is not a project id"
[[ $PIPELINE == dataflow || $PIPELINE == flink ]] ||
  die "--pipeline $PIPELINE: dataflow or flink (-h for help)"
for step in "${ONLY_STEPS[@]+"${ONLY_STEPS[@]}"}"; do
  [[ " ${STEPS[*]} " == *" $step "* ]] || die "unknown step $step (-h lists them)"
done
BUCKET=${BUCKET:-$PROJECT-demostream}
BUCKET_LOCATION=${BUCKET_LOCATION:-$REGION}
WORK_DIR=${WORK_DIR:-${TMPDIR:-/tmp}/demostream-deploy-$PROJECT}
SUBNET=$NETWORK-$REGION
IMAGES=$REGION-docker.pkg.dev/$PROJECT/$REPOSITORY
TEMPLATE=gs://$BUCKET/templates/demographics-$VERSION.json
OVERLAY=gke
[[ $PIPELINE == flink ]] && OVERLAY="gke-flink"
export CLOUDSDK_CORE_DISABLE_PROMPTS=1

# ---------------------------------------------------------------------------------------------------
# Running commands: every command goes through run (or exists/answer), so --dry-run prints them all.

# Prints a command as one shell-quoted line.
print_command() {
  local out="" arg
  for arg in "$@"; do
    out+="${out:+ }$(printf '%q' "$arg")"
  done
  printf '%s\n' "$out"
}

# Runs a command (or prints it with --dry-run).
run() {
  if $DRY_RUN; then
    print_command "$@"
    return 0
  fi
  echo "  \$ $(print_command "$@")" >&2
  "$@"
}

# Runs a command whose argument list holds a secret: the secret never reaches the output.
run_secret() {
  local secret=$1
  shift
  if $DRY_RUN; then
    print_command "$@" | sed "s|$secret|<generated>|g"
    return 0
  fi
  echo "  \$ $(print_command "$@" | sed "s|$secret|****|g")" >&2
  "$@"
}

# True when a describe/get command finds the resource. With --dry-run: printed, and false, so the
# create it guards is printed too.
exists() {
  if $DRY_RUN; then
    print_command "$@"
    return 1
  fi
  "$@" >/dev/null 2>&1
}

# The output of a read-only command. With --dry-run: printed (to the script's own stdout, fd 3, as
# it runs inside a command substitution) and answered with the placeholder $1.
answer() {
  local placeholder=$1
  shift
  if $DRY_RUN; then
    print_command "$@" >&3
    printf '%s' "$placeholder"
    return 0
  fi
  "$@"
}

note() {
  if $DRY_RUN; then
    echo "# $*" >&2
  else
    echo "    $*" >&2
  fi
}

member() {
  echo "serviceAccount:$1@$PROJECT.iam.gserviceaccount.com"
}

# ---------------------------------------------------------------------------------------------------
# Steps

# Every API the deployment and the services call. Enabling an enabled API is a no-op.
step_apis() {
  run gcloud services enable compute.googleapis.com container.googleapis.com \
    servicenetworking.googleapis.com sqladmin.googleapis.com artifactregistry.googleapis.com \
    storage.googleapis.com pubsub.googleapis.com bigquery.googleapis.com \
    bigquerystorage.googleapis.com dataflow.googleapis.com monitoring.googleapis.com \
    iam.googleapis.com iamcredentials.googleapis.com cloudresourcemanager.googleapis.com \
    --project "$PROJECT"
}

# The VPC, a subnetwork with Private Google Access (Dataflow workers have private IPs only) and the
# firewall rule Dataflow workers need between themselves.
step_network() {
  exists gcloud compute networks describe "$NETWORK" --project "$PROJECT" ||
    run gcloud compute networks create "$NETWORK" --subnet-mode=custom --project "$PROJECT"
  exists gcloud compute networks subnets describe "$SUBNET" --region "$REGION" --project "$PROJECT" ||
    run gcloud compute networks subnets create "$SUBNET" --network="$NETWORK" --region="$REGION" \
      --range="$SUBNET_RANGE" --enable-private-ip-google-access --project "$PROJECT"
  exists gcloud compute firewall-rules describe "$NETWORK-dataflow-internal" --project "$PROJECT" ||
    run gcloud compute firewall-rules create "$NETWORK-dataflow-internal" --network="$NETWORK" \
      --action=allow --direction=ingress --rules=tcp:12345-12346 \
      --source-tags=dataflow --target-tags=dataflow --project "$PROJECT"
}

# Private Services Access: Cloud SQL's private IP comes from a range reserved in our VPC and peered
# with Google's service producer network.
step_private_services_access() {
  exists gcloud compute addresses describe "$PSA_RANGE" --global --project "$PROJECT" ||
    run gcloud compute addresses create "$PSA_RANGE" --global --purpose=VPC_PEERING \
      --prefix-length=16 --network="$NETWORK" --project "$PROJECT"
  local peerings
  peerings=$(answer "" gcloud services vpc-peerings list --network="$NETWORK" \
    --service=servicenetworking.googleapis.com --project "$PROJECT" --format='value(peering)')
  if [[ -z $peerings ]]; then
    run gcloud services vpc-peerings connect --service=servicenetworking.googleapis.com \
      --ranges="$PSA_RANGE" --network="$NETWORK" --project "$PROJECT"
  fi
}

# GKE Autopilot: Workload Identity, Dataplane V2 (enforces the NetworkPolicies), managed Prometheus
# (collectors in gke-gmp-system) and the Gateway API are on by default. Kubernetes 1.30 or later is
# needed for the preStop sleep action.
step_cluster() {
  exists gcloud container clusters describe "$CLUSTER" --region "$REGION" --project "$PROJECT" ||
    run gcloud container clusters create-auto "$CLUSTER" --region="$REGION" --project "$PROJECT" \
      --network="$NETWORK" --subnetwork="$SUBNET" --release-channel=regular
  run gcloud container clusters get-credentials "$CLUSTER" --region="$REGION" --project "$PROJECT"
  local version
  version=$(answer "$MIN_KUBERNETES.0-gke.0" gcloud container clusters describe "$CLUSTER" \
    --region "$REGION" --project "$PROJECT" --format='value(currentMasterVersion)')
  if ! version_at_least "$version" "$MIN_KUBERNETES"; then
    die "cluster $CLUSTER runs Kubernetes $version; the manifests need $MIN_KUBERNETES or later (preStop sleep)"
  fi
  note "Kubernetes $version"
}

# True when version $1 (1.33.5-gke.100) is at least major.minor $2.
version_at_least() {
  local major minor want_major want_minor
  IFS=. read -r major minor _ <<<"$1"
  IFS=. read -r want_major want_minor <<<"$2"
  [[ $major =~ ^[0-9]+$ && $minor =~ ^[0-9]+$ ]] || return 1
  ((major > want_major || (major == want_major && minor >= want_minor)))
}

step_registry() {
  exists gcloud artifacts repositories describe "$REPOSITORY" --location="$REGION" --project "$PROJECT" ||
    run gcloud artifacts repositories create "$REPOSITORY" --repository-format=docker \
      --location="$REGION" --project "$PROJECT"
}

# The bucket control-service cannot create (it holds roles only on the bucket itself); its
# provisioning adds the lifecycle rule on temp/.
step_bucket() {
  exists gcloud storage buckets describe "gs://$BUCKET" --project "$PROJECT" ||
    run gcloud storage buckets create "gs://$BUCKET" --location="$BUCKET_LOCATION" \
      --uniform-bucket-level-access --project "$PROJECT"
}

# The two service images and the pipeline's image (the Flex Template's, or with --pipeline flink the
# Flink application image of pipeline/Dockerfile.flink), each built only if its tag is not pushed yet.
step_images() {
  run gcloud auth configure-docker "$REGION-docker.pkg.dev" --quiet
  local service
  for service in ingest-service control-service; do
    if ! exists gcloud artifacts docker images describe "$IMAGES/$service:$VERSION"; then
      run docker build -f "$ROOT/$service/Dockerfile" -t "$IMAGES/$service:$VERSION" "$ROOT"
      run docker push "$IMAGES/$service:$VERSION"
    fi
  done
  if [[ $PIPELINE == flink ]]; then
    if ! exists gcloud artifacts docker images describe "$IMAGES/pipeline-flink:$VERSION"; then
      run "$ROOT/mvnw" -B -q -f "$ROOT/pom.xml" -pl pipeline -am package -DskipTests
      run docker build -f "$ROOT/pipeline/Dockerfile.flink" -t "$IMAGES/pipeline-flink:$VERSION" \
        "$ROOT/pipeline"
      run docker push "$IMAGES/pipeline-flink:$VERSION"
    fi
    return 0
  fi
  if ! exists gcloud artifacts docker images describe "$IMAGES/demographics-pipeline:$VERSION"; then
    run "$ROOT/mvnw" -B -q -f "$ROOT/pom.xml" -pl pipeline -am package -DskipTests
    run docker build -t "$IMAGES/demographics-pipeline:$VERSION" "$ROOT/pipeline"
    run docker push "$IMAGES/demographics-pipeline:$VERSION"
  fi
}

step_template() {
  if [[ $PIPELINE == flink ]]; then
    note "no Flex Template: the pipeline runs on the Flink Kubernetes Operator"
    return 0
  fi
  exists gcloud storage objects describe "$TEMPLATE" --project "$PROJECT" ||
    run gcloud dataflow flex-template build "$TEMPLATE" \
      --image="$IMAGES/demographics-pipeline:$VERSION" --sdk-language=JAVA \
      --metadata-file="$ROOT/pipeline/metadata.json" --project "$PROJECT"
}

# The topics and subscriptions with control-service's settings (demostream.pubsub.*): ack deadline,
# retention, never expiring; then the alerts' panes topic, its subscription and the alerts topic.
step_messaging() {
  exists gcloud pubsub topics describe "$TOPIC" --project "$PROJECT" ||
    run gcloud pubsub topics create "$TOPIC" --project "$PROJECT"
  exists gcloud pubsub subscriptions describe "$SUBSCRIPTION" --project "$PROJECT" ||
    run gcloud pubsub subscriptions create "$SUBSCRIPTION" --topic="$TOPIC" \
      --ack-deadline="$ACK_DEADLINE_SECONDS" --message-retention-duration="$MESSAGE_RETENTION" \
      --expiration-period=never --project "$PROJECT"
  local topic
  for topic in "$PANES_TOPIC" "$ALERTS_TOPIC"; do
    exists gcloud pubsub topics describe "$topic" --project "$PROJECT" ||
      run gcloud pubsub topics create "$topic" --project "$PROJECT"
  done
  exists gcloud pubsub subscriptions describe "$PANES_SUBSCRIPTION" --project "$PROJECT" ||
    run gcloud pubsub subscriptions create "$PANES_SUBSCRIPTION" --topic="$PANES_TOPIC" \
      --ack-deadline="$ACK_DEADLINE_SECONDS" --expiration-period=never --project "$PROJECT"
}

# The dataset (its location is fixed at creation); control-service creates its tables and views.
step_dataset() {
  exists bq --project_id="$PROJECT" show --dataset "$PROJECT:$DATASET" ||
    run bq --project_id="$PROJECT" --location="$DATASET_LOCATION" mk --dataset \
      --description="demostream warehouse: window aggregates, dead letters and views" \
      "$PROJECT:$DATASET"
}

step_service_accounts() {
  local list account
  list=$(accounts) || exit
  [[ -n $list ]] || die "no account in $ROLES_FILE"
  for account in $list; do
    exists gcloud iam service-accounts describe "$account@$PROJECT.iam.gserviceaccount.com" \
      --project "$PROJECT" ||
      run gcloud iam service-accounts create "$account" --display-name="$account" --project "$PROJECT"
  done
}

# The roles of deploy/iam/roles.yaml, each on its scope, then Workload Identity: each Kubernetes
# service account of the gke overlay may act as its Google service account. Adding a binding that
# exists changes nothing.
step_grants() {
  local list account role scope created
  list=$(grants) || exit
  created=" $(accounts | tr '\n' ' ') "
  while IFS=$'\t' read -r account role scope <&4; do
    # A role on the other pipeline's account (control-service acting as the Dataflow workers).
    if [[ $scope == serviceAccount:* && $created != *" ${scope#serviceAccount:} "* ]]; then
      note "not granted: $role on ${scope#serviceAccount:}, an account of the other --pipeline"
      continue
    fi
    grant "$account" "$role" "$scope"
  done 4<<<"$list"
  local ksa gsa
  list=$(workload_identities) || exit
  [[ -n $list ]] || die "no Workload Identity annotation in k8s/overlays/gke/workload-identity.yaml"
  # With --pipeline flink also the Flink pods' account (k8s/components/flink/service-account.yaml).
  while IFS=$'\t' read -r ksa gsa <&4; do
    run gcloud iam service-accounts add-iam-policy-binding "$gsa@$PROJECT.iam.gserviceaccount.com" \
      --role=roles/iam.workloadIdentityUser \
      --member="serviceAccount:$PROJECT.svc.id.goog[$NAMESPACE/$ksa]" --project "$PROJECT"
  done 4<<<"$list"
}

grant() {
  local account=$1 role=$2 scope=$3
  local who
  who=$(member "$account")
  case $scope in
    project)
      run gcloud projects add-iam-policy-binding "$PROJECT" --member="$who" --role="$role" \
        --condition=None ;;
    topic:*)
      run gcloud pubsub topics add-iam-policy-binding "${scope#topic:}" --member="$who" \
        --role="$role" --project "$PROJECT" ;;
    subscription:*)
      run gcloud pubsub subscriptions add-iam-policy-binding "${scope#subscription:}" \
        --member="$who" --role="$role" --project "$PROJECT" ;;
    dataset:*)
      # BigQuery's DCL: a role on one dataset (schema), the documented command-line way.
      run bq --project_id="$PROJECT" --location="$DATASET_LOCATION" query --nouse_legacy_sql \
        "GRANT \`$role\` ON SCHEMA \`$PROJECT\`.${scope#dataset:} TO \"$who\"" ;;
    bucket)
      run gcloud storage buckets add-iam-policy-binding "gs://$BUCKET" --member="$who" \
        --role="$role" --project "$PROJECT" ;;
    repository:*)
      run gcloud artifacts repositories add-iam-policy-binding "${scope#repository:}" \
        --location="$REGION" --member="$who" --role="$role" --project "$PROJECT" ;;
    serviceAccount:*)
      run gcloud iam service-accounts add-iam-policy-binding \
        "${scope#serviceAccount:}@$PROJECT.iam.gserviceaccount.com" --member="$who" \
        --role="$role" --project "$PROJECT" ;;
    *) die "roles.yaml: unknown scope $scope of $role for $account" ;;
  esac
}

# Cloud SQL for PostgreSQL on a private IP only (Private Services Access above), Enterprise edition
# (the db-custom tiers), IAM database authentication on; the database and control-service's IAM
# user.
step_cloud_sql() {
  exists gcloud sql instances describe "$SQL_INSTANCE" --project "$PROJECT" ||
    run gcloud sql instances create "$SQL_INSTANCE" --database-version=POSTGRES_16 \
      --edition=enterprise --tier="$SQL_TIER" --region="$REGION" \
      --network="projects/$PROJECT/global/networks/$NETWORK" --no-assign-ip \
      --database-flags=cloudsql.iam_authentication=on --project "$PROJECT"
  exists gcloud sql databases describe "$DATABASE" --instance="$SQL_INSTANCE" --project "$PROJECT" ||
    run gcloud sql databases create "$DATABASE" --instance="$SQL_INSTANCE" --project "$PROJECT"
  local user=demostream-control@$PROJECT.iam
  exists gcloud sql users describe "$user" --instance="$SQL_INSTANCE" --project "$PROJECT" ||
    run gcloud sql users create "$user" --instance="$SQL_INSTANCE" \
      --type=cloud_iam_service_account --project "$PROJECT"
}

# The namespace and the Secret with both API tokens, generated once and never printed.
step_namespace_and_secret() {
  exists kubectl get namespace "$NAMESPACE" ||
    run kubectl create namespace "$NAMESPACE"
  if ! exists kubectl -n "$NAMESPACE" get secret "$SECRET"; then
    local tokens
    tokens=$(printf 'control-api-token=%s\ningest-api-token=%s\n' \
      "$(openssl rand -hex 32)" "$(openssl rand -hex 32)")
    run kubectl -n "$NAMESPACE" create secret generic "$SECRET" --from-env-file=/dev/stdin \
      <<<"$tokens"
  fi
}

# control-service logs in as its IAM user, which owns nothing yet: as the built-in postgres user,
# grant it the database and the public schema (where Flyway creates its tables). The instance has
# only a private IP, so psql runs in a one-off pod in the cluster's VPC, in a namespace of its own
# (no NetworkPolicy there), with a fresh postgres password that exists only in that namespace's
# Secret and the instance; the namespace is deleted afterwards. Every statement is idempotent.
step_database_grants() {
  local ip password sql
  ip=$(answer "<private-ip>" gcloud sql instances describe "$SQL_INSTANCE" --project "$PROJECT" \
    --format='value(ipAddresses[0].ipAddress)')
  [[ -n $ip ]] || die "Cloud SQL instance $SQL_INSTANCE has no private IP yet"
  password=$(if $DRY_RUN; then echo generated; else openssl rand -hex 24; fi)
  run_secret "$password" gcloud sql users set-password postgres --instance="$SQL_INSTANCE" \
    --password="$password" --project "$PROJECT"
  exists kubectl get namespace "$SQL_SETUP_NAMESPACE" ||
    run kubectl create namespace "$SQL_SETUP_NAMESPACE"
  # Left over by an interrupted run.
  run kubectl -n "$SQL_SETUP_NAMESPACE" delete pod/psql secret/postgres --ignore-not-found
  run kubectl -n "$SQL_SETUP_NAMESPACE" create secret generic postgres --from-env-file=/dev/stdin \
    <<<"PGPASSWORD=$password"
  sql="GRANT ALL ON DATABASE $DATABASE TO \"demostream-control@$PROJECT.iam\"; GRANT ALL ON SCHEMA public TO \"demostream-control@$PROJECT.iam\";"
  run kubectl -n "$SQL_SETUP_NAMESPACE" run psql --image="$POSTGRES_IMAGE" --restart=Never \
    --attach --rm --quiet --pod-running-timeout=5m \
    --overrides='{"spec":{"containers":[{"name":"psql","image":"'"$POSTGRES_IMAGE"'","envFrom":[{"secretRef":{"name":"postgres"}}],"args":["psql","host='"$ip"' port=5432 dbname='"$DATABASE"' user=postgres sslmode=require","-v","ON_ERROR_STOP=1","-c","'"${sql//\"/\\\"}"'"]}]}}'
  run kubectl delete namespace "$SQL_SETUP_NAMESPACE"
}

# The Flink Kubernetes Operator (--pipeline flink): nothing when its CRD is there; else cert-manager
# and the operator's Helm chart, pinned, watching our namespace. Without helm, the exact commands.
step_flink_operator() {
  if [[ $PIPELINE != flink ]]; then
    note "not needed: the pipeline runs on Dataflow (--pipeline flink runs it on the operator)"
    return 0
  fi
  if exists kubectl get crd "$FLINK_CRD"; then
    note "the Flink Kubernetes Operator is installed ($FLINK_CRD)"
    return 0
  fi
  if ! $DRY_RUN && ! command -v helm >/dev/null 2>&1; then
    {
      echo "deploy/gcp.sh: the Flink Kubernetes Operator is not installed ($FLINK_CRD missing) and"
      echo "helm is not on PATH. Install helm, or the operator with (docs/FLINK-OPERATOR.md):"
      flink_operator_commands | sed 's/^/  /'
      echo "then run deploy/gcp.sh again."
    } >&2
    exit 2
  fi
  # On fd 4: the commands run read stdin.
  local command
  while IFS= read -r command <&4; do
    eval "run $command"
  done 4< <(flink_operator_commands)
}

# The operator's installation, one command a line (shell words).
flink_operator_commands() {
  print_command kubectl apply -f "$CERT_MANAGER_MANIFEST"
  print_command kubectl -n cert-manager rollout status deployment/cert-manager-webhook --timeout=5m
  print_command helm repo add flink-operator-repo "$FLINK_OPERATOR_REPO" --force-update
  print_command helm upgrade --install flink-kubernetes-operator \
    flink-operator-repo/flink-kubernetes-operator --version "$FLINK_OPERATOR_VERSION" \
    --namespace "$FLINK_OPERATOR_NAMESPACE" --create-namespace \
    --set "watchNamespaces={$NAMESPACE}" --wait
  print_command kubectl get crd "$FLINK_CRD" -o name
}

# The gke overlay (gke-flink with --pipeline flink) with this project's values: a copy of k8s/ with
# the committed placeholders (project demostream-prod, region us-central1, version 0.1.0...)
# replaced, then applied.
step_apply() {
  local overlay=$WORK_DIR/k8s/overlays/$OVERLAY
  local files=()
  run rm -rf "$WORK_DIR/k8s"
  run mkdir -p "$WORK_DIR/k8s/overlays"
  run cp -R "$ROOT/k8s/base" "$ROOT/k8s/components" "$WORK_DIR/k8s/"
  run cp -R "$ROOT/k8s/overlays/gke" "$WORK_DIR/k8s/overlays/"
  if [[ $PIPELINE == flink ]]; then
    run cp -R "$ROOT/k8s/overlays/gke-flink" "$WORK_DIR/k8s/overlays/"
    files=("$overlay/kustomization.yaml" "$overlay/flink-operator-launcher.yaml"
      "$WORK_DIR/k8s/components/flink/flink-deployment.yaml"
      "$WORK_DIR/k8s/components/flink/service-account.yaml")
  fi
  local gke=$WORK_DIR/k8s/overlays/gke
  run sed -i \
    -e "s|demostream-prod-demostream|$BUCKET|g" \
    -e "s|demostream-prod:us-central1:demostream-state|$PROJECT:$REGION:$SQL_INSTANCE|g" \
    -e "s|us-central1-docker.pkg.dev/demostream-prod/demostream/|$IMAGES/|g" \
    -e "s|regions/us-central1/subnetworks/demostream-us-central1|regions/$REGION/subnetworks/$SUBNET|g" \
    -e "s|DEMOSTREAM_DATAFLOW_NETWORK: .*|DEMOSTREAM_DATAFLOW_NETWORK: $NETWORK|" \
    -e "s|DEMOSTREAM_STORAGE_LOCATION: .*|DEMOSTREAM_STORAGE_LOCATION: $BUCKET_LOCATION|" \
    -e "s|DEMOSTREAM_BIGQUERY_LOCATION: .*|DEMOSTREAM_BIGQUERY_LOCATION: $DATASET_LOCATION|" \
    -e "s|demographics-0.1.0.json|demographics-$VERSION.json|g" \
    -e "s|newTag: 0.1.0|newTag: $VERSION|g" \
    -e "s|pipeline-flink:0.1.0|pipeline-flink:$VERSION|g" \
    -e "s|DEMOSTREAM_FLINKOPERATOR_NAMESPACE: .*|DEMOSTREAM_FLINKOPERATOR_NAMESPACE: $NAMESPACE|" \
    -e "s|demostream-prod|$PROJECT|g" \
    -e "s|us-central1|$REGION|g" \
    -e "s|^namespace: demostream\$|namespace: $NAMESPACE|" \
    -e "s|^  name: demostream\$|  name: $NAMESPACE|" \
    "$gke/kustomization.yaml" "$gke/namespace.yaml" "$gke/project-values.yaml" \
    "$gke/workload-identity.yaml" "$gke/cloud-sql-proxy.yaml" "${files[@]+"${files[@]}"}"
  run kubectl apply -k "$overlay"
  run kubectl -n "$NAMESPACE" rollout status deployment/ingest-service --timeout=10m
  run kubectl -n "$NAMESPACE" rollout status deployment/control-service --timeout=10m
}

# PUT /api/v1/resources (ensure, idempotent): control-service creates the tables and views and
# sets the bucket's lifecycle rule (the topic, subscription, dataset and bucket exist: it finds them). Through a
# port-forward, so the API token never crosses the internet; it travels in a header read from stdin.
step_provision() {
  local token port=18080 forward
  token=$(answer "<control-api-token>" kubectl -n "$NAMESPACE" get secret "$SECRET" \
    -o 'jsonpath={.data.control-api-token}')
  if ! $DRY_RUN; then
    token=$(base64 -d <<<"$token")
  fi
  if $DRY_RUN; then
    print_command kubectl -n "$NAMESPACE" port-forward service/control-service "$port:8080"
  else
    kubectl -n "$NAMESPACE" port-forward service/control-service "$port:8080" >/dev/null 2>&1 &
    forward=$!
    # shellcheck disable=SC2064  # the pid is known now
    trap "kill $forward 2>/dev/null || true" EXIT
  fi
  run curl -fsS --retry 30 --retry-connrefused --retry-delay 2 -X PUT -H @- \
    "http://127.0.0.1:$port/api/v1/resources" <<<"Authorization: Bearer $token"
  if ! $DRY_RUN; then
    echo >&2
    kill "$forward" 2>/dev/null || true
    trap - EXIT
  fi
}

# The Gateway's address (a global external Application Load Balancer: a few minutes the first time).
step_gateway_address() {
  local address="" waited=0
  while [[ -z $address && $waited -le 900 ]]; do
    address=$(answer "<gateway-address>" kubectl -n "$NAMESPACE" get gateway demostream \
      -o 'jsonpath={.status.addresses[0].value}')
    if [[ -z $address ]]; then
      note "waiting for the load balancer's address..."
      sleep 15
      waited=$((waited + 15))
    fi
  done
  [[ -n $address ]] || die "the Gateway has no address after 15 minutes: kubectl -n $NAMESPACE describe gateway demostream"
  GATEWAY_ADDRESS=$address
}

# ---------------------------------------------------------------------------------------------------
# deploy/iam/roles.yaml, read by a small parser of its fixed shape: one line per grant,
# "account<TAB>role<TAB>scope". Anything it does not understand stops the deploy.

grants() {
  awk '
    function value(line) {
      sub(/^[^:]*:[ \t]*/, "", line); sub(/[ \t]+#.*$/, "", line); gsub(/["'"'"']/, "", line)
      sub(/[ \t]+$/, "", line); return line
    }
    /^[ \t]*#/ || /^[ \t]*$/ { next }
    /^  - name:/ { account = value($0); pipeline = ""; role = ""; next }
    /^    pipeline:/ { pipeline = value($0); next }
    /^      - role:/ { role = value($0); next }
    /^        scope:/ {
      if (account == "" || role == "") { print "roles.yaml:" NR ": scope without account or role" > "/dev/stderr"; exit 1 }
      if (pipeline == "" || pipeline == want) print account "\t" role "\t" value($0)
      role = ""; next
    }
  ' want="$PIPELINE" "$ROLES_FILE" | while IFS=$'\t' read -r account role scope; do
    [[ $account =~ ^[a-z][-a-z0-9]{4,28}[a-z0-9]$ ]] || die "roles.yaml: bad account name '$account'"
    [[ $role =~ ^roles/[a-zA-Z.]+$ ]] || die "roles.yaml: bad role '$role' of $account"
    printf '%s\t%s\t%s\n' "$account" "$role" "$scope"
  done
}

# The accounts of roles.yaml; one with "pipeline: dataflow|flink" only for that --pipeline.
accounts() {
  awk '
    function flush() { if (account != "" && (pipeline == "" || pipeline == want)) print account }
    /^  - name:/ { flush(); account = $0; sub(/^  - name:[ \t]*/, "", account); sub(/[ \t]+#.*$/, "", account); pipeline = "" }
    /^    pipeline:/ { pipeline = $2 }
    END { flush() }
  ' want="$PIPELINE" "$ROLES_FILE"
}

# "ksa<TAB>google account name" for each ServiceAccount of the gke overlay's Workload Identity patch
# (and, with --pipeline flink, of the Flink pods' account).
workload_identities() {
  local files=("$ROOT/k8s/overlays/gke/workload-identity.yaml")
  [[ $PIPELINE == flink ]] && files+=("$ROOT/k8s/components/flink/service-account.yaml")
  awk '
    /^  name:/ { ksa = $2 }
    /iam.gke.io\/gcp-service-account:/ { split($2, email, "@"); print ksa "\t" email[1] }
  ' "${files[@]}"
}

# ---------------------------------------------------------------------------------------------------

selected() {
  [[ ${#ONLY_STEPS[@]} -eq 0 || " ${ONLY_STEPS[*]} " == *" $1 "* ]]
}

main() {
  exec 3>&1
  local total=${#STEPS[@]} n=0 started step
  local all_started=$SECONDS
  [[ -f $ROLES_FILE ]] || die "missing $ROLES_FILE"
  GATEWAY_ADDRESS=""
  echo "deploy/gcp.sh: project $PROJECT, region $REGION, version $VERSION, pipeline on $PIPELINE$($DRY_RUN && echo ' (dry run: nothing runs)')" >&2
  for step in "${STEPS[@]}"; do
    n=$((n + 1))
    selected "$step" || continue
    started=$SECONDS
    echo "==> [$n/$total] $step" >&2
    "step_$step"
    echo "    $step done in $((SECONDS - started))s" >&2
  done
  echo "==> finished in $((SECONDS - all_started))s" >&2
  if $DRY_RUN; then
    return 0
  fi
  cat >&2 <<NEXT

Next:
  - Open the dashboard: http://${GATEWAY_ADDRESS:-<gateway address: kubectl -n $NAMESPACE get gateway demostream>}/
  - Start a run from the dashboard or with POST /api/v1/runs (control-service/README.md); the token:
      kubectl -n $NAMESPACE get secret $SECRET -o jsonpath='{.data.control-api-token}' | base64 -d
  - For HTTPS, give the Gateway a certificate for your domain (docs/DEPLOY.md, "HTTPS").
  - A new version: deploy/gcp.sh --project $PROJECT --region $REGION --version NEW
NEXT
}

main
