import { createHash } from "node:crypto";
import type { Clock } from "@sre-actions/core";
import { resolveRef } from "./git.js";
import {
  type Actor,
  type ActorInput,
  type ActorType,
  type Commit,
  type Label,
  type Repository,
  toMillis,
} from "./model.js";

/**
 * Owns the fake's records and the id sequences. Repositories are looked up case-insensitively,
 * as on GitHub. Seeding and request handlers both go through it.
 */
export class GitHubStore {
  private readonly repositories = new Map<string, Repository>();
  private readonly actors = new Map<string, Actor>();
  private readonly nodes = new Map<string, object>();
  private lastId = 1000;
  private lastOid = 0;

  constructor(readonly clock: Clock) {}

  nextId(): number {
    this.lastId += 1;
    return this.lastId;
  }

  /** A GitHub-like opaque global node id (`PR_kw...`), registered for `node(id:)` lookups. */
  nodeId(prefix: string, id: number, record?: object): string {
    const nodeId = `${prefix}_kw${Buffer.from(`${prefix}:${id}`).toString("base64url")}`;
    if (record !== undefined) this.nodes.set(nodeId, record);
    return nodeId;
  }

  node(nodeId: string): object | undefined {
    return this.nodes.get(nodeId);
  }

  actor(input: ActorInput): Actor {
    const login = typeof input === "string" ? input : input.login;
    const type: ActorType =
      typeof input === "string" ? (login.endsWith("[bot]") ? "Bot" : "User") : (input.type ?? "User");
    const known = this.actors.get(login.toLowerCase());
    if (known !== undefined) return known;
    const id = this.nextId();
    const actor: Actor = { __typename: type, id, login, nodeId: "" };
    actor.nodeId = this.nodeId(type === "Bot" ? "BOT" : "U", id, actor);
    this.actors.set(login.toLowerCase(), actor);
    return actor;
  }

  repository(owner: string, name: string): Repository | undefined {
    return this.repositories.get(`${owner}/${name}`.toLowerCase());
  }

  allRepositories(): Repository[] {
    return [...this.repositories.values()];
  }

  requireRepository(owner: string, name: string): Repository {
    const repo = this.repository(owner, name);
    if (repo === undefined) throw new Error(`GitHubFake: seed the repository ${owner}/${name} first`);
    return repo;
  }

  addRepository(repo: Repository): void {
    const key = `${repo.owner.login}/${repo.name}`.toLowerCase();
    if (this.repositories.has(key)) throw new Error(`GitHubFake: repository ${key} already exists`);
    this.repositories.set(key, repo);
    this.nodes.set(repo.nodeId, repo);
  }

  /** Creates a commit with a deterministic SHA and moves `branch` (when given) to it. */
  addCommit(
    repo: Repository,
    options: {
      parents: string[];
      message: string;
      date: number;
      authoredDate?: number;
      author?: Actor;
      oid?: string;
      branch?: string;
    },
  ): Commit {
    this.lastOid += 1;
    const oid =
      options.oid ??
      createHash("sha1").update(`${repo.nodeId}:${this.lastOid}:${options.message}`).digest("hex").toLowerCase();
    if (repo.commits.has(oid)) throw new Error(`GitHubFake: commit ${oid} already exists in ${repo.name}`);
    const commit: Commit = {
      __typename: "Commit",
      oid,
      parents: options.parents,
      message: options.message,
      authoredDate: options.authoredDate ?? options.date,
      committedDate: options.date,
      author: options.author ?? repo.owner,
    };
    repo.commits.set(oid, commit);
    this.nodes.set(`C_${oid}`, commit);
    if (options.branch !== undefined) repo.branches.set(options.branch, oid);
    return commit;
  }

  /** The tip of `branch`, creating the branch from the default branch's tip when it is new. */
  branchTip(repo: Repository, branch: string): string {
    const tip = repo.branches.get(branch);
    if (tip !== undefined) return tip;
    const base = repo.branches.get(repo.defaultBranch);
    if (base === undefined) throw new Error(`GitHubFake: ${repo.name} has no default branch commit`);
    repo.branches.set(branch, base);
    return base;
  }

  requireCommit(repo: Repository, ref: string): Commit {
    const commit = resolveRef(repo, ref);
    if (commit === undefined) throw new Error(`GitHubFake: no ref or commit "${ref}" in ${repo.name}`);
    return commit;
  }

  /** The repository label with this name, created (grey, no description) when it is new. */
  label(repo: Repository, name: string): Label {
    const known = repo.labels.get(name.toLowerCase());
    if (known !== undefined) return known;
    const id = this.nextId();
    const label: Label = { __typename: "Label", id, nodeId: "", name, color: "ededed", description: null };
    label.nodeId = this.nodeId("LA", id, label);
    repo.labels.set(name.toLowerCase(), label);
    return label;
  }

  now(): number {
    return this.clock.now();
  }

  time(input: Date | string | number | undefined, fallback: number): number {
    return input === undefined ? fallback : toMillis(input);
  }
}
