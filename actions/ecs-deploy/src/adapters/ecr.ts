import { DescribeImagesCommand, type ECRClient } from "@aws-sdk/client-ecr";
import type { EcrPort } from "../ports.js";

export { ECRClient } from "@aws-sdk/client-ecr";

export function ecrPort(client: ECRClient): EcrPort {
  return { describeImages: (input) => client.send(new DescribeImagesCommand(input)) };
}
