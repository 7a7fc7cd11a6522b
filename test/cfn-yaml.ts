import { parse, type Tags, type YAMLMap, type YAMLSeq } from "yaml";

/** CloudFormation's short-form tags, parsed into their long form ({ "Fn::Sub": … }, { Ref: … }). */
const FUNCTIONS = ["Sub", "If", "Equals", "Not", "And", "Or", "GetAtt", "Join", "Select", "Split", "FindInMap"];
const cfnTags: Tags = [
  { tag: "!Ref", resolve: (value: string) => ({ Ref: value }) },
  { tag: "!Condition", resolve: (value: string) => ({ Condition: value }) },
  ...FUNCTIONS.flatMap((name) => [
    { tag: `!${name}`, resolve: (value: string) => ({ [`Fn::${name}`]: value }) },
    {
      tag: `!${name}`,
      collection: "seq" as const,
      resolve: (value: unknown) => ({ [`Fn::${name}`]: (value as YAMLSeq).toJSON() }),
    },
    {
      tag: `!${name}`,
      collection: "map" as const,
      resolve: (value: unknown) => ({ [`Fn::${name}`]: (value as YAMLMap).toJSON() }),
    },
  ]),
];

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface Template {
  AWSTemplateFormatVersion: string;
  Parameters: Record<string, { Type: string; Default?: string | number; AllowedValues?: string[] }>;
  Conditions?: Record<string, Json>;
  Resources: Record<string, { Type: string; Condition?: string; Properties: Record<string, Json> }>;
  Outputs?: Record<string, { Condition?: string; Value: Json }>;
}

export function parseTemplate(text: string): Template {
  return parse(text, { customTags: cfnTags }) as Template;
}

/** Every value under `node` for which `pick` returns something. */
export function collect<T>(node: Json, pick: (value: Json) => T | undefined): T[] {
  const found = pick(node);
  const here = found === undefined ? [] : [found];
  if (Array.isArray(node)) return [...here, ...node.flatMap((entry) => collect(entry, pick))];
  if (node !== null && typeof node === "object")
    return [...here, ...Object.values(node).flatMap((entry) => collect(entry, pick))];
  return here;
}

/** An IAM wildcard pattern (`*`, `?`) as a test. */
export function iamMatch(pattern: string, value: string): boolean {
  const source = pattern
    .split("*")
    .map((part) => part.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\?/g, "."))
    .join(".*");
  return new RegExp(`^${source}$`).test(value);
}
