import { Inputs } from "@sre-actions/core";

export async function main(): Promise<void> {
  new Inputs().required("cluster", "qa");
}
