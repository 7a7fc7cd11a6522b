import type { StateValue } from "@aws-sdk/client-cloudwatch";

/**
 * A composite alarm's `AlarmRule` as the PutCompositeAlarm reference defines it: the functions
 * ALARM(x), OK(x) and INSUFFICIENT_DATA(x) over child alarms named by name or ARN, with or without
 * double quotes; TRUE and FALSE; AND, OR, NOT and parentheses. At most 100 children and 500
 * elements (children, TRUE/FALSE and parentheses).
 */
export type AlarmRule =
  | { kind: "state"; state: StateValue; alarm: string }
  | { kind: "constant"; value: boolean }
  | { kind: "not"; operand: AlarmRule }
  | { kind: "and" | "or"; left: AlarmRule; right: AlarmRule };

export class AlarmRuleError extends Error {}

type Token = { kind: "word" | "name"; text: string } | { kind: "(" | ")" };

const STATES: ReadonlySet<string> = new Set(["ALARM", "OK", "INSUFFICIENT_DATA"]);

export function parseAlarmRule(text: string): AlarmRule {
  const tokens = tokenize(text);
  let position = 0;
  // Elements: child alarms, TRUE/FALSE and parentheses (a function's own parentheses included).
  let elements = 0;
  const peek = () => tokens[position];
  const take = () => tokens[position++];
  const expect = (kind: "(" | ")") => {
    if (take()?.kind !== kind) throw new AlarmRuleError(`Expected '${kind}' in AlarmRule "${text}".`);
  };
  const primary = (): AlarmRule => {
    const token = take();
    if (token === undefined) throw new AlarmRuleError(`AlarmRule "${text}" ends too early.`);
    elements += 1;
    if (token.kind === "(") {
      elements += 1;
      const inner = or();
      expect(")");
      return inner;
    }
    if (token.kind !== "word") throw new AlarmRuleError(`Unexpected '${textOf(token)}' in AlarmRule "${text}".`);
    if (token.text === "NOT") {
      elements -= 1;
      return { kind: "not", operand: primary() };
    }
    if (token.text === "TRUE" || token.text === "FALSE") return { kind: "constant", value: token.text === "TRUE" };
    if (!STATES.has(token.text)) throw new AlarmRuleError(`Unknown function ${token.text} in AlarmRule "${text}".`);
    expect("(");
    const name = take();
    if (name === undefined || (name.kind !== "name" && name.kind !== "word"))
      throw new AlarmRuleError(`${token.text}() needs an alarm name in AlarmRule "${text}".`);
    expect(")");
    elements += 2;
    return { kind: "state", state: token.text as StateValue, alarm: name.text };
  };
  const and = (): AlarmRule => {
    let left = primary();
    while (peek()?.kind === "word" && textOf(peek()) === "AND") {
      take();
      left = { kind: "and", left, right: primary() };
    }
    return left;
  };
  const or = (): AlarmRule => {
    let left = and();
    while (peek()?.kind === "word" && textOf(peek()) === "OR") {
      take();
      left = { kind: "or", left, right: and() };
    }
    return left;
  };
  const rule = or();
  if (position !== tokens.length) throw new AlarmRuleError(`Unexpected text after the end of AlarmRule "${text}".`);
  if (elements > 500) throw new AlarmRuleError("The AlarmRule has more than 500 elements.");
  if (childrenOf(rule).length > 100) throw new AlarmRuleError("The AlarmRule names more than 100 child alarms.");
  return rule;
}

/** The child alarm names (an ARN reduced to its name), in order of first mention. */
export function childrenOf(rule: AlarmRule): string[] {
  const names: string[] = [];
  const visit = (node: AlarmRule): void => {
    if (node.kind === "state") {
      const name = alarmName(node.alarm);
      if (!names.includes(name)) names.push(name);
    } else if (node.kind === "not") visit(node.operand);
    else if (node.kind === "and" || node.kind === "or") {
      visit(node.left);
      visit(node.right);
    }
  };
  visit(rule);
  return names;
}

/** Evaluates the rule; a child that does not exist has no state, so no state function of it is true. */
export function evaluateAlarmRule(rule: AlarmRule, stateOf: (name: string) => StateValue | undefined): boolean {
  switch (rule.kind) {
    case "state":
      return stateOf(alarmName(rule.alarm)) === rule.state;
    case "constant":
      return rule.value;
    case "not":
      return !evaluateAlarmRule(rule.operand, stateOf);
    case "and":
      return evaluateAlarmRule(rule.left, stateOf) && evaluateAlarmRule(rule.right, stateOf);
    case "or":
      return evaluateAlarmRule(rule.left, stateOf) || evaluateAlarmRule(rule.right, stateOf);
  }
}

/** `arn:aws:cloudwatch:<region>:<account>:alarm:<name>` → `<name>`; a name stays as it is. */
export function alarmName(reference: string): string {
  const match = /^arn:[^:]+:cloudwatch:[^:]*:[^:]*:alarm:(.+)$/.exec(reference);
  return match?.[1] ?? reference;
}

function textOf(token: Token | undefined): string {
  if (token === undefined) return "";
  return token.kind === "word" || token.kind === "name" ? token.text : token.kind;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index] ?? "";
    if (/\s/.test(char)) {
      index += 1;
    } else if (char === "(" || char === ")") {
      tokens.push({ kind: char });
      index += 1;
    } else if (char === '"') {
      const end = text.indexOf('"', index + 1);
      if (end === -1) throw new AlarmRuleError(`Unterminated quote in AlarmRule "${text}".`);
      tokens.push({ kind: "name", text: text.slice(index + 1, end) });
      index = end + 1;
    } else {
      let end = index;
      while (end < text.length && !/[\s()"]/.test(text[end] ?? "")) end += 1;
      tokens.push({ kind: "word", text: text.slice(index, end) });
      index = end;
    }
  }
  return tokens;
}
