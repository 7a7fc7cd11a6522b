import {
  type Actor,
  type Commit,
  type Deployment,
  type DeploymentStatus,
  fullName,
  type IssueComment,
  isoTime,
  isoTimeOrNull,
  type Label,
  type PullRequest,
  type Release,
  type Repository,
  type WorkflowRun,
} from "../model.js";

/**
 * REST representations following the OpenAPI response schemas for the fields the fake knows.
 * API URLs point at the fake (`api`), web URLs at https://github.com.
 */
export const WEB = "https://github.com";

export function renderUser(actor: Actor, api: string): Record<string, unknown> {
  const url = `${api}/users/${actor.login}`;
  return {
    login: actor.login,
    id: actor.id,
    node_id: actor.nodeId,
    avatar_url: `https://avatars.githubusercontent.com/u/${actor.id}?v=4`,
    gravatar_id: "",
    url,
    html_url:
      actor.__typename === "Bot" ? `${WEB}/apps/${actor.login.replace(/\[bot\]$/, "")}` : `${WEB}/${actor.login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: actor.__typename,
    user_view_type: "public",
    site_admin: false,
  };
}

export function repoUrl(repo: Repository, api: string): string {
  return `${api}/repos/${fullName(repo)}`;
}

export function renderRepository(repo: Repository, api: string): Record<string, unknown> {
  const url = repoUrl(repo, api);
  return {
    id: repo.id,
    node_id: repo.nodeId,
    name: repo.name,
    full_name: fullName(repo),
    owner: renderUser(repo.owner, api),
    private: repo.private,
    visibility: repo.private ? "private" : "public",
    html_url: `${WEB}/${fullName(repo)}`,
    description: null,
    fork: false,
    url,
    deployments_url: `${url}/deployments`,
    issues_url: `${url}/issues{/number}`,
    pulls_url: `${url}/pulls{/number}`,
    releases_url: `${url}/releases{/id}`,
    compare_url: `${url}/compare/{base}...{head}`,
    clone_url: `${WEB}/${fullName(repo)}.git`,
    default_branch: repo.defaultBranch,
    archived: false,
    disabled: false,
    created_at: isoTime(repo.createdAt),
    updated_at: isoTime(repo.createdAt),
    pushed_at: isoTime(latestCommitDate(repo)),
  };
}

function latestCommitDate(repo: Repository): number {
  let latest = repo.createdAt;
  for (const commit of repo.commits.values()) latest = Math.max(latest, commit.committedDate);
  return latest;
}

export function renderLabel(label: Label, repo: Repository, api: string): Record<string, unknown> {
  return {
    id: label.id,
    node_id: label.nodeId,
    url: `${repoUrl(repo, api)}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    description: label.description,
    color: label.color,
    default: false,
  };
}

export function renderIssueComment(comment: IssueComment, api: string): Record<string, unknown> {
  const repo = comment.repo;
  const kind = repo.pullRequests.has(comment.issueNumber) ? "pull" : "issues";
  return {
    id: comment.id,
    node_id: comment.nodeId,
    url: `${repoUrl(repo, api)}/issues/comments/${comment.id}`,
    html_url: `${WEB}/${fullName(repo)}/${kind}/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${repoUrl(repo, api)}/issues/${comment.issueNumber}`,
    body: comment.body,
    user: renderUser(comment.user, api),
    created_at: isoTime(comment.createdAt),
    updated_at: isoTime(comment.updatedAt),
    author_association: comment.association ?? (comment.user.login === repo.owner.login ? "OWNER" : "NONE"),
  };
}

export function renderPullRequest(pull: PullRequest, api: string): Record<string, unknown> {
  const repo = pull.repo;
  const url = `${repoUrl(repo, api)}/pulls/${pull.number}`;
  const html = `${WEB}/${fullName(repo)}/pull/${pull.number}`;
  const branch = (ref: string, sha: string) => ({
    label: `${repo.owner.login}:${ref}`,
    ref,
    sha,
    user: renderUser(repo.owner, api),
    repo: renderRepository(repo, api),
  });
  return {
    url,
    id: pull.id,
    node_id: pull.nodeId,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${repoUrl(repo, api)}/issues/${pull.number}`,
    commits_url: `${url}/commits`,
    number: pull.number,
    state: pull.state === "OPEN" ? "open" : "closed",
    locked: false,
    title: pull.title,
    user: renderUser(pull.author, api),
    body: pull.body === "" ? null : pull.body,
    labels: pull.labels.map((name) => {
      const label = repo.labels.get(name.toLowerCase());
      return label === undefined ? { name } : renderLabel(label, repo, api);
    }),
    created_at: isoTime(pull.createdAt),
    updated_at: isoTime(pull.updatedAt),
    closed_at: isoTimeOrNull(pull.closedAt),
    merged_at: isoTimeOrNull(pull.mergedAt),
    merge_commit_sha: pull.mergeCommitOid,
    head: branch(pull.headRefName, pull.headRefOid),
    base: branch(pull.baseRefName, pull.baseRefOid),
    draft: pull.draft,
    merged: pull.mergedAt !== null,
    author_association: "CONTRIBUTOR",
    commits: pull.commits.length,
    additions: pull.files.reduce((sum, file) => sum + file.additions, 0),
    deletions: pull.files.reduce((sum, file) => sum + file.deletions, 0),
    changed_files: pull.files.length,
  };
}

export function renderCommit(commit: Commit, repo: Repository, api: string): Record<string, unknown> {
  const url = `${repoUrl(repo, api)}/commits/${commit.oid}`;
  const signature = (date: number) => ({
    name: commit.author.login,
    email: `${commit.author.id}+${commit.author.login}@users.noreply.github.com`,
    date: isoTime(date),
  });
  return {
    sha: commit.oid,
    node_id: `C_${commit.oid}`,
    url,
    html_url: `${WEB}/${fullName(repo)}/commit/${commit.oid}`,
    comments_url: `${url}/comments`,
    commit: {
      url: `${repoUrl(repo, api)}/git/commits/${commit.oid}`,
      author: signature(commit.authoredDate),
      committer: signature(commit.committedDate),
      message: commit.message,
      comment_count: 0,
    },
    author: renderUser(commit.author, api),
    committer: renderUser(commit.author, api),
    parents: commit.parents.map((sha) => ({
      sha,
      url: `${repoUrl(repo, api)}/commits/${sha}`,
      html_url: `${WEB}/${fullName(repo)}/commit/${sha}`,
    })),
  };
}

export function renderDeployment(deployment: Deployment, api: string): Record<string, unknown> {
  const url = `${repoUrl(deployment.repo, api)}/deployments/${deployment.id}`;
  return {
    url,
    id: deployment.id,
    node_id: deployment.nodeId,
    sha: deployment.sha,
    ref: deployment.ref,
    task: deployment.task,
    payload: deployment.payload,
    original_environment: deployment.originalEnvironment,
    environment: deployment.environment,
    description: deployment.description,
    creator: renderUser(deployment.creator, api),
    created_at: isoTime(deployment.createdAt),
    updated_at: isoTime(deployment.updatedAt),
    statuses_url: `${url}/statuses`,
    repository_url: repoUrl(deployment.repo, api),
    transient_environment: deployment.transientEnvironment,
    production_environment: deployment.productionEnvironment,
  };
}

export function renderDeploymentStatus(status: DeploymentStatus, api: string): Record<string, unknown> {
  const deploymentUrl = `${repoUrl(status.deployment.repo, api)}/deployments/${status.deployment.id}`;
  return {
    url: `${deploymentUrl}/statuses/${status.id}`,
    id: status.id,
    node_id: status.nodeId,
    state: status.state,
    creator: renderUser(status.creator, api),
    description: status.description,
    environment: status.environment,
    target_url: status.targetUrl,
    log_url: status.logUrl,
    environment_url: status.environmentUrl,
    created_at: isoTime(status.createdAt),
    updated_at: isoTime(status.updatedAt),
    deployment_url: deploymentUrl,
    repository_url: repoUrl(status.deployment.repo, api),
  };
}

export function renderWorkflowRun(run: WorkflowRun, api: string): Record<string, unknown> {
  const url = `${repoUrl(run.repo, api)}/actions/runs/${run.id}`;
  const head = run.repo.commits.get(run.headSha);
  return {
    id: run.id,
    name: run.name,
    node_id: run.nodeId,
    head_branch: run.headBranch,
    head_sha: run.headSha,
    path: run.workflow.path,
    display_title: run.displayTitle,
    run_number: run.runNumber,
    run_attempt: run.runAttempt,
    event: run.event,
    status: run.status,
    conclusion: run.conclusion,
    workflow_id: run.workflow.id,
    url,
    html_url: `${WEB}/${fullName(run.repo)}/actions/runs/${run.id}`,
    pull_requests: [],
    created_at: isoTime(run.createdAt),
    updated_at: isoTime(run.updatedAt),
    run_started_at: isoTime(run.runStartedAt),
    actor: renderUser(run.actor, api),
    triggering_actor: renderUser(run.actor, api),
    jobs_url: `${url}/jobs`,
    logs_url: `${url}/logs`,
    artifacts_url: `${url}/artifacts`,
    cancel_url: `${url}/cancel`,
    rerun_url: `${url}/rerun`,
    workflow_url: `${repoUrl(run.repo, api)}/actions/workflows/${run.workflow.id}`,
    head_commit:
      head === undefined
        ? null
        : {
            id: head.oid,
            tree_id: head.oid,
            message: head.message,
            timestamp: isoTime(head.committedDate),
            author: { name: head.author.login, email: `${head.author.login}@users.noreply.github.com` },
            committer: { name: head.author.login, email: `${head.author.login}@users.noreply.github.com` },
          },
    repository: renderRepository(run.repo, api),
    head_repository: renderRepository(run.repo, api),
  };
}

export function renderRelease(release: Release, api: string): Record<string, unknown> {
  const url = `${repoUrl(release.repo, api)}/releases/${release.id}`;
  const web = `${WEB}/${fullName(release.repo)}`;
  return {
    url,
    html_url: `${web}/releases/tag/${release.tagName}`,
    assets_url: `${url}/assets`,
    upload_url: `https://uploads.github.com/repos/${fullName(release.repo)}/releases/${release.id}/assets{?name,label}`,
    tarball_url: `${repoUrl(release.repo, api)}/tarball/${release.tagName}`,
    zipball_url: `${repoUrl(release.repo, api)}/zipball/${release.tagName}`,
    id: release.id,
    node_id: release.nodeId,
    tag_name: release.tagName,
    target_commitish: release.targetCommitish,
    name: release.name,
    body: release.body,
    draft: release.draft,
    prerelease: release.prerelease,
    created_at: isoTime(release.createdAt),
    published_at: isoTimeOrNull(release.publishedAt),
    author: renderUser(release.author, api),
    assets: [],
  };
}
