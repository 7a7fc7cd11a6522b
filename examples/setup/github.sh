#!/usr/bin/env bash
# The GitHub side of a first deploy, once per product repository, with the GitHub CLI (`gh auth
# login` as a repository admin) and, for --stack, the AWS CLI:
#   - environments qa1 … qa10 and pre-prod, without rules (they only give the deploy job the OIDC
#     subject repo:<org>/<repo>:environment:qa3 that the qa role trusts; GitHub would also create
#     them on first use);
#   - production: required reviewers, "prevent self-review", deployment branches: main only;
#   - repository variables from the outputs of the examples/iam stacks (role ARNs), plus
#     AWS_REGION, ECR_REPOSITORY and any --var.
# Idempotent: an environment without rules is created only when missing (one that exists is left as
# it is), production is set to the protection below, a branch policy is added only when missing, a
# variable is updated when it exists and created when it does not.
#
#   examples/setup/github.sh --repo acme/shop-api --reviewers alice,acme/sre \
#     --stack github-roles-qa --stack github-roles-prod --region ap-northeast-1 --ecr-repository shop-api
#
# --dry-run makes the reads (user and team ids, existing policies and variables) and prints every
# write as `METHOD /path {json}` instead of sending it.
set -euo pipefail

usage() {
  sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'
  cat <<'TEXT'
Options:
  --repo OWNER/NAME          the product repository (required)
  --environments LIST        environments without rules (default qa1..qa10,pre-prod; a..b is a range)
  --production NAME          the protected environment (default production; "" skips it)
  --reviewers LIST           production's required reviewers: logins and org/team slugs (required with production)
  --branch NAME              the only branch that may deploy to production (default main)
  --stack NAME               a CloudFormation stack of examples/iam whose outputs become variables (repeatable)
  --region REGION            AWS_REGION, and the region the stacks are read in
  --ecr-repository NAME      ECR_REPOSITORY
  --var NAME=VALUE           another repository variable, e.g. QA_SERVICES={0}-web (repeatable)
  --dry-run                  print the writes instead of sending them
TEXT
}

REPO="" ENVIRONMENTS="qa1..qa10,pre-prod" PRODUCTION="production" REVIEWERS="" BRANCH="main"
REGION="" ECR_REPOSITORY="" DRY_RUN=0
STACKS=() VARS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --repo) REPO=$2; shift 2 ;;
    --environments) ENVIRONMENTS=$2; shift 2 ;;
    --production) PRODUCTION=$2; shift 2 ;;
    --reviewers) REVIEWERS=$2; shift 2 ;;
    --branch) BRANCH=$2; shift 2 ;;
    --stack) STACKS+=("$2"); shift 2 ;;
    --region) REGION=$2; shift 2 ;;
    --ecr-repository) ECR_REPOSITORY=$2; shift 2 ;;
    --var) VARS+=("$2"); shift 2 ;;
    --dry-run) DRY_RUN=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "github.sh: unknown option $1 (--help lists them)" >&2; exit 2 ;;
  esac
done

fail() { echo "github.sh: $*" >&2; exit 2; }
[[ $REPO =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]] || fail "--repo must be OWNER/NAME, e.g. acme/shop-api; got \"$REPO\""
OWNER=${REPO%%/*} NAME=${REPO#*/}
[[ -z $PRODUCTION || -n $REVIEWERS ]] || fail "--reviewers is required for $PRODUCTION, e.g. --reviewers alice,acme/sre"
[[ ${#STACKS[@]} -eq 0 || -n $REGION ]] || fail "--region is required with --stack, e.g. --region ap-northeast-1"

# A write: sent with gh, or printed under --dry-run. Reads always go out (they change nothing).
api() {
  local method=$1 path=$2 body=${3-}
  if [[ $DRY_RUN == 1 ]]; then
    printf '%s %s%s\n' "$method" "$path" "${body:+ $body}"
  elif [[ -n $body ]]; then
    gh api --method "$method" "$path" --input - --silent <<<"$body"
  else
    gh api --method "$method" "$path" --silent
  fi
}
read_api() { gh api "$1" --jq "$2"; }
exists() { gh api "$1" --silent 2>/dev/null; }
json_string() { local s=${1//\\/\\\\}; s=${s//\"/\\\"}; printf '"%s"' "$s"; }

# qa1..qa10,pre-prod → qa1 … qa10 pre-prod (the syntax of notion-env-status's environments input).
expand() {
  local item
  IFS=',' read -ra items <<<"$1"
  for item in "${items[@]}"; do
    item=${item//[[:space:]]/}
    if [[ $item =~ ^([A-Za-z_-]*)([0-9]+)\.\.([A-Za-z_-]*)([0-9]+)$ ]]; then
      local prefix=${BASH_REMATCH[1]} from=${BASH_REMATCH[2]} to=${BASH_REMATCH[4]}
      for ((n = 10#$from; n <= 10#$to; n++)); do echo "$prefix$n"; done
    elif [[ -n $item ]]; then
      echo "$item"
    fi
  done
}

for environment in $(expand "$ENVIRONMENTS"); do
  if exists "/repos/$OWNER/$NAME/environments/$environment"; then
    echo "Environment $environment: exists, left as it is" >&2
  else
    echo "Environment $environment: created without rules (its name scopes the OIDC subject)" >&2
    api PUT "/repos/$OWNER/$NAME/environments/$environment"
  fi
done

if [[ -n $PRODUCTION ]]; then
  reviewers=""
  IFS=',' read -ra names <<<"$REVIEWERS"
  for reviewer in "${names[@]}"; do
    reviewer=${reviewer//[[:space:]]/}
    if [[ $reviewer == */* ]]; then
      org=${reviewer%%/*} slug=${reviewer#*/}
      id=$(read_api "/orgs/$org/teams/$slug" .id)
      entry="{\"type\":\"Team\",\"id\":$id}"
    else
      id=$(read_api "/users/$reviewer" .id)
      entry="{\"type\":\"User\",\"id\":$id}"
    fi
    reviewers="${reviewers:+$reviewers,}$entry"
  done
  echo "Environment $PRODUCTION: required reviewers ($REVIEWERS), prevent self-review, deployments from $BRANCH only" >&2
  api PUT "/repos/$OWNER/$NAME/environments/$PRODUCTION" \
    "{\"prevent_self_review\":true,\"reviewers\":[$reviewers],\"deployment_branch_policy\":{\"protected_branches\":false,\"custom_branch_policies\":true}}"
  policies=$(read_api "/repos/$OWNER/$NAME/environments/$PRODUCTION/deployment-branch-policies" \
    '[.branch_policies[] | select(.type == "branch" or .type == null) | .name] | join(",")' 2>/dev/null || true)
  if [[ ",$policies," != *",$BRANCH,"* ]]; then
    api POST "/repos/$OWNER/$NAME/environments/$PRODUCTION/deployment-branch-policies" \
      "{\"name\":$(json_string "$BRANCH"),\"type\":\"branch\"}"
  fi
fi

# Repository variables: name=value lines from the stacks' outputs and the options.
variables=()
for stack in ${STACKS[@]+"${STACKS[@]}"}; do
  tier=$(aws cloudformation describe-stacks --region "$REGION" --stack-name "$stack" --output text \
    --query "Stacks[0].Parameters[?ParameterKey=='Environment' || ParameterKey=='Tier'].ParameterValue | [0]")
  [[ -n $tier && $tier != None ]] || fail "stack $stack has no Environment (tier) parameter: is it an examples/iam stack?"
  tier=$(tr 'a-z-' 'A-Z_' <<<"$tier")
  while IFS=$'\t' read -r key value; do
    case "$key" in
      # The prod stack's build role trusts main only: production builds use it (deploy-prod.yml).
      BuildRoleArn) [[ $tier == PROD ]] && variables+=("AWS_BUILD_ROLE_ARN_PROD=$value") || variables+=("AWS_BUILD_ROLE_ARN=$value") ;;
      CostRoleArn) variables+=("AWS_COST_ROLE_ARN=$value") ;;
      DeployRoleArn) variables+=("AWS_DEPLOY_ROLE_ARN_$tier=$value") ;;
      "") ;;
      *) echo "Stack $stack: output $key is not a repository variable; skipped" >&2 ;;
    esac
  done < <(aws cloudformation describe-stacks --region "$REGION" --stack-name "$stack" --output text \
    --query "Stacks[0].Outputs[].[OutputKey,OutputValue]")
done
[[ -z $REGION ]] || variables+=("AWS_REGION=$REGION")
[[ -z $ECR_REPOSITORY ]] || variables+=("ECR_REPOSITORY=$ECR_REPOSITORY")
variables+=(${VARS[@]+"${VARS[@]}"})

for variable in ${variables[@]+"${variables[@]}"}; do
  name=${variable%%=*} value=${variable#*=}
  [[ $name =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || fail "variable name \"$name\" is not NAME=VALUE"
  echo "Variable $name = $value" >&2
  if exists "/repos/$OWNER/$NAME/actions/variables/$name"; then
    api PATCH "/repos/$OWNER/$NAME/actions/variables/$name" "{\"value\":$(json_string "$value")}"
  else
    api POST "/repos/$OWNER/$NAME/actions/variables" "{\"name\":\"$name\",\"value\":$(json_string "$value")}"
  fi
done
if [[ $DRY_RUN == 1 ]]; then echo "Dry run: nothing was written." >&2; else echo "Done." >&2; fi
