import { type ASTNode, type DocumentNode, type GraphQLError, Kind, visit } from "graphql";

/** An execution error GitHub tags with a `type` (NOT_FOUND, EXCESSIVE_PAGINATION, …). */
export class GitHubGraphQLError extends Error {
  constructor(
    message: string,
    readonly type: string,
  ) {
    super(message);
  }
}

export type ErrorJson = Record<string, unknown>;

/** An execution error as GitHub sends it: `{ type, path, locations, message }`. */
export function formatExecutionError(error: GraphQLError): ErrorJson {
  const original = error.originalError;
  return {
    ...(original instanceof GitHubGraphQLError ? { type: original.type } : {}),
    ...(error.path === undefined ? {} : { path: error.path }),
    ...(error.locations === undefined ? {} : { locations: error.locations }),
    message: error.message,
  };
}

const TOKENS: Record<string, string> = {
  "{": "LCURLY",
  "}": "RCURLY",
  "(": "LPAREN",
  ")": "RPAREN",
  "[": "LBRACKET",
  "]": "RBRACKET",
  ":": "COLON",
  "=": "EQUALS",
  "!": "BANG",
  $: "VAR_SIGN",
  "@": "DIR_SIGN",
  "...": "ELLIPSIS",
  "|": "PIPE",
  "&": "AMP",
};

/** A syntax error in GitHub's (graphql-ruby's) words: `Parse error on "}" (RCURLY) at [1, 12]`. */
export function formatSyntaxError(error: GraphQLError): ErrorJson {
  const location = error.locations?.[0];
  const found = /(?:found|Unexpected) (?:Name )?("[^"]*"|<EOF>)/.exec(error.message)?.[1];
  let message = error.message;
  if (found === "<EOF>") message = "Unexpected end of document";
  else if (found !== undefined && location !== undefined) {
    const text = found.slice(1, -1);
    const token = TOKENS[text] ?? (/^[_A-Za-z]/.test(text) ? "IDENTIFIER" : "STRING");
    message = `Parse error on ${found} (${token}) at [${location.line}, ${location.column}]`;
  }
  return { message, ...(location === undefined ? {} : { locations: [location] }) };
}

interface Translation {
  pattern: RegExp;
  translate: (match: RegExpExecArray) => { message: string; extensions: Record<string, string> };
}

/** graphql-js validation messages → the messages and `extensions.code` GitHub returns for the same mistake. */
const TRANSLATIONS: Translation[] = [
  {
    pattern: /^Cannot query field "(\w+)" on type "(\w+)"\./,
    translate: ([, field = "", type = ""]) => ({
      message: `Field '${field}' doesn't exist on type '${type}'`,
      extensions: { code: "undefinedField", typeName: type, fieldName: field },
    }),
  },
  {
    pattern: /^Unknown argument "(\w+)" on field "\w+\.(\w+)"\./,
    translate: ([, argument = "", field = ""]) => ({
      message: `Field '${field}' doesn't accept argument '${argument}'`,
      extensions: { code: "argumentNotAccepted", name: field, typeName: "Field", argumentName: argument },
    }),
  },
  {
    pattern: /^Field "(\w+)" argument "(\w+)" of type ".+" is required, but it was not provided\./,
    translate: ([, field = "", argument = ""]) => ({
      message: `Field '${field}' is missing required arguments: ${argument}`,
      extensions: { code: "missingRequiredArguments", className: "Field", name: field, arguments: argument },
    }),
  },
  {
    pattern: /^Field "(\w+)" of type "(.+)" must have a selection of subfields\./,
    translate: ([, field = "", type = ""]) => ({
      message: `Field must have selections (field '${field}' returns ${type.replace(/!$/, "")} but has no selections. Did you mean '${field} { ... }'?)`,
      extensions: { code: "selectionMismatch", nodeName: `field '${field}'` },
    }),
  },
  {
    pattern: /^Field "(\w+)" must not have a selection since type "(.+)" has no subfields\./,
    translate: ([, field = "", type = ""]) => ({
      message: `Selections can't be made on scalars (field '${field}' returns ${type.replace(/!$/, "")} but has selections)`,
      extensions: { code: "selectionMismatch", nodeName: `field '${field}'` },
    }),
  },
  {
    pattern: /^Variable "\$(\w+)" is never used(?: in operation "(\w+)")?\./,
    translate: ([, variable = "", operation]) => ({
      message: `Variable $${variable} is declared by ${operation ?? "anonymous query"} but not used`,
      extensions: { code: "variableNotUsed", variableName: variable },
    }),
  },
  {
    pattern: /^Variable "\$(\w+)" is not defined(?: by operation "(\w+)")?\./,
    translate: ([, variable = "", operation]) => ({
      message: `Variable $${variable} is used by ${operation ?? "anonymous query"} but not declared`,
      extensions: { code: "variableNotDefined", variableName: variable },
    }),
  },
];

/**
 * A static validation error as GitHub returns it (HTTP 200, no `data`):
 * `{ path: ["query Name", "repository", "foo"], extensions: { code, … }, locations, message }`.
 * Messages graphql-js words differently from GitHub are translated for the common mistakes.
 */
export function formatValidationError(error: GraphQLError, paths: Map<ASTNode, (string | number)[]>): ErrorJson {
  const node = error.nodes?.[0];
  const path = node === undefined ? undefined : paths.get(node);
  for (const { pattern, translate } of TRANSLATIONS) {
    const match = pattern.exec(error.message);
    if (match === null) continue;
    const { message, extensions } = translate(match);
    return {
      ...(path === undefined ? {} : { path }),
      extensions,
      ...(error.locations === undefined ? {} : { locations: error.locations }),
      message,
    };
  }
  return {
    ...(path === undefined ? {} : { path }),
    ...(error.locations === undefined ? {} : { locations: error.locations }),
    message: error.message,
  };
}

/**
 * The path GitHub names for each node of a document: the definition ("query Name", "fragment F"),
 * then response keys, inline fragments ("... on Type") and argument names down to the node.
 */
export function documentPaths(document: DocumentNode): Map<ASTNode, (string | number)[]> {
  const paths = new Map<ASTNode, (string | number)[]>();
  const stack: string[] = [];
  const enter = (node: ASTNode, segment: string | undefined) => {
    if (segment !== undefined) stack.push(segment);
    paths.set(node, [...stack]);
  };
  const leave = (segment: string | undefined) => {
    if (segment !== undefined) stack.pop();
  };
  const segmentOf = (node: ASTNode): string | undefined => {
    switch (node.kind) {
      case Kind.OPERATION_DEFINITION:
        return node.name === undefined ? node.operation : `${node.operation} ${node.name.value}`;
      case Kind.FRAGMENT_DEFINITION:
        return `fragment ${node.name.value}`;
      case Kind.FIELD:
        return node.alias?.value ?? node.name.value;
      case Kind.INLINE_FRAGMENT:
        return node.typeCondition === undefined ? "..." : `... on ${node.typeCondition.name.value}`;
      case Kind.ARGUMENT:
        return node.name.value;
      default:
        return undefined;
    }
  };
  visit(document, {
    enter: (node) => enter(node, segmentOf(node)),
    leave: (node) => leave(segmentOf(node)),
  });
  return paths;
}
