import { runAction } from "@sre-actions/core";
import { main } from "./main.js";

await runAction(main, { secretInputs: ["github-token"] });
