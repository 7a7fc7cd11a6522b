export interface RestCall {
  file: string;
  text: string;
  operationId?: string;
  route?: string;
}
export function githubRestCalls(root: string): RestCall[];
export function restOperationIdsHandled(root: string): string[];
